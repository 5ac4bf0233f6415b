package io.filejobs.app.docs;

import io.filejobs.core.error.ErrorCode;
import io.filejobs.core.error.FileJobsException;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The API's own description: the OpenAPI document generated at build time from the controllers
 * (plus {@code app/src/main/openapi/filejobs.yml}), and Swagger UI over it at {@code /docs}. Both
 * carry no data and need no key. Files are read from the jar once and kept.
 */
@Controller
@Tag(name = "service", description = "Health and this document.")
@OpenAPIDefinition(info = @Info(title = "FileJobs", version = "1", description = ApiDocumentController.ABOUT))
public class ApiDocumentController {

    static final String ABOUT = """
            Scheduled S3 file jobs: define a job once (copy, merge, move, delete, import and export objects, \
            on a schedule or when an object arrives), run it, and read what every run and every object did.

            Every route but `GET /health` and this document needs the header `x-api-key`. Bodies are JSON; \
            every error is `application/problem+json` with a stable `code` (see the `ProblemCode` schema).
            """;

    /** Where micronaut-openapi writes the document (its file name is set in app/openapi.properties). */
    public static final String DOCUMENT = "META-INF/swagger/filejobs.yml";
    static final String VIEW = "META-INF/swagger/views/swagger-ui/";
    public static final MediaType YAML = MediaType.of("application/yaml");
    private static final Pattern RESOURCE = Pattern.compile("[a-z0-9-]+(\\.[a-z0-9]+)+");
    private static final Map<String, String> TYPES = Map.of("js", "text/javascript", "css", "text/css", "png", "image/png");

    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    @Get(uri = "/openapi.yml", produces = "application/yaml")
    @Operation(operationId = "getOpenApiDocument", summary = "This document")
    @SecurityRequirements
    @ApiResponse(responseCode = "200", description = "The OpenAPI document, YAML", content = @Content(mediaType = "application/yaml",
            schema = @Schema(type = "string")))
    public HttpResponse<byte[]> document() {
        return file(DOCUMENT, YAML);
    }

    @Hidden
    @Get(uri = "/docs", produces = MediaType.TEXT_HTML)
    public HttpResponse<byte[]> docs() {
        return file(VIEW + "index.html", MediaType.TEXT_HTML_TYPE);
    }

    @Hidden
    @Get("/docs/res/{name}")
    public HttpResponse<byte[]> resource(@PathVariable String name) {
        String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
        if (!RESOURCE.matcher(name).matches() || type == null) {
            throw new FileJobsException(ErrorCode.ROUTE_NOT_FOUND, "no such documentation file: " + name);
        }
        return file(VIEW + "res/" + name, MediaType.of(type));
    }

    private HttpResponse<byte[]> file(String path, MediaType type) {
        byte[] bytes = cache.computeIfAbsent(path, ApiDocumentController::read);
        if (bytes.length == 0) {
            throw new FileJobsException(ErrorCode.ROUTE_NOT_FOUND, "no such documentation file: " + path.substring(path.lastIndexOf('/') + 1));
        }
        return HttpResponse.ok(bytes).contentType(type)
                .header(HttpHeaders.CACHE_CONTROL, "public, max-age=300")
                .header("X-Content-Type-Options", "nosniff");
    }

    private static byte[] read(String path) {
        try (InputStream in = ApiDocumentController.class.getClassLoader().getResourceAsStream(path)) {
            return in == null ? new byte[0] : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
