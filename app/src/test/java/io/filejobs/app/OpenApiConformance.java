package io.filejobs.app;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import io.filejobs.app.web.ApiDocumentController;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a response the API gave against the OpenAPI document the build generated from the
 * controllers: its status must be one the operation documents, its required headers present, its
 * content type and body those of the documented schema. So the document cannot drift from the code
 * without a contract test failing.
 */
public final class OpenApiConformance {

    /** Responses to routes the document does not have (a test of 404 ROUTE_NOT_FOUND, say): nothing to check them against. */
    private static final Set<String> NOT_DOCUMENTED = Set.of("validation.response.path.missing", "validation.request.path.missing",
            "validation.response.operation.notAllowed", "validation.request.operation.notAllowed");

    private static final OpenApiInteractionValidator VALIDATOR = OpenApiInteractionValidator.createForInlineApiSpecification(document())
            .build();

    private OpenApiConformance() {
    }

    /** The generated document, as the service serves it. */
    public static String document() {
        try (InputStream in = OpenApiConformance.class.getClassLoader().getResourceAsStream(ApiDocumentController.DOCUMENT)) {
            if (in == null) {
                throw new IllegalStateException(ApiDocumentController.DOCUMENT + " is not on the class path: the build did not generate it");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails with every way the response differs from what the document says {@code method pathAndQuery} answers. */
    public static void check(String method, String pathAndQuery, ApiClient.Response response) {
        String path = pathAndQuery.split("\\?", 2)[0];
        SimpleResponse.Builder actual = SimpleResponse.Builder.status(response.status());
        response.headers().forEach(actual::withHeader);
        if (!response.body().isEmpty()) {
            actual.withBody(response.body());
        }
        ValidationReport report = VALIDATOR.validateResponse(decode(path), Request.Method.valueOf(method.toUpperCase(Locale.ROOT)), actual.build());
        String problems = report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR && !NOT_DOCUMENTED.contains(m.getKey()))
                .map(m -> m.getKey() + ": " + m.getMessage() + " " + m.getAdditionalInfo() + " " + m.getNestedMessages())
                .collect(Collectors.joining("\n  "));
        if (!problems.isEmpty()) {
            throw new AssertionError("the response to " + method + " " + pathAndQuery + " is not what the OpenAPI document says:\n  "
                    + problems + "\nresponse: " + response);
        }
    }

    private static String decode(String path) {
        return java.net.URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
