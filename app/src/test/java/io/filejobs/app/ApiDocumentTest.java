package io.filejobs.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.filejobs.core.error.ErrorCode;
import io.filejobs.core.step.StepActions;
import io.micronaut.context.ApplicationContext;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.yaml.snakeyaml.Yaml;

/**
 * The OpenAPI document against the code it describes: every route the application serves, every
 * problem code, every step action. (The contract suite checks each response it receives against it.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiDocumentTest {

    /** Routes that serve the document's own viewer and the console, left out of it on purpose (and the HEAD the framework adds to each GET). */
    private static final Set<String> UNDOCUMENTED = Set.of("GET /docs", "GET /docs/res/{name}", "GET /console", "GET /console/{name}");

    private ApplicationContext context;
    private Map<String, Object> document;

    @BeforeAll
    void start() throws IOException {
        Path s3Dir = Files.createTempDirectory("filejobs-document-test");
        context = ApplicationContext.run(LambdaJobApiTest.embeddedStorage(s3Dir));
        document = new Yaml().load(OpenApiConformance.document());
    }

    @AfterAll
    void stop() {
        context.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyRouteTheApplicationServesIsDescribed() {
        Set<String> served = context.getBean(Router.class).uriRoutes()
                .map(route -> route.getHttpMethodName() + " " + path((UriRouteInfo<?, ?>) route))
                .filter(route -> !UNDOCUMENTED.contains(route) && !route.startsWith("HEAD "))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> described = new TreeSet<>();
        ((Map<String, Map<String, Object>>) document.get("paths")).forEach((path, operations) -> operations.keySet()
                .forEach(method -> described.add(method.toUpperCase(Locale.ROOT) + " " + path)));
        assertEquals(served, described);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyProblemCodeAndEveryStepActionIsDescribed() {
        Map<String, Map<String, Object>> schemas = (Map<String, Map<String, Object>>) ((Map<String, Object>) document.get("components")).get("schemas");
        assertEquals(Arrays.stream(ErrorCode.values()).map(Enum::name).toList(), schemas.get("ProblemCode").get("enum"));
        Map<String, Object> mapping = (Map<String, Object>) ((Map<String, Object>) schemas.get("Step").get("discriminator")).get("mapping");
        assertEquals(new TreeSet<>(context.getBean(StepActions.class).names()), new TreeSet<>(mapping.keySet()));
        for (Map.Entry<String, Object> action : mapping.entrySet()) {
            String schema = ((String) action.getValue()).substring("#/components/schemas/".length());
            Map<String, Object> properties = (Map<String, Object>) schemas.get(schema).get("properties");
            assertEquals(List.of(action.getKey()), ((Map<String, Object>) properties.get("action")).get("enum"), schema);
        }
    }

    /** The copy the README links (docs/openapi.yml) is the document this build generated. */
    @Test
    void theCopyTheReadmeLinksIsCurrent() throws IOException {
        Path copy = Path.of("..", "docs", "openapi.yml");
        assertEquals(OpenApiConformance.document(), Files.readString(copy),
                "docs/openapi.yml differs from the generated document; refresh it: cp app/target/classes/META-INF/swagger/filejobs.yml docs/openapi.yml");
    }

    private static String path(UriRouteInfo<?, ?> route) {
        return route.getUriMatchTemplate().toPathString().replaceAll("\\{([^}?:]+)[^}]*}", "{$1}");
    }
}
