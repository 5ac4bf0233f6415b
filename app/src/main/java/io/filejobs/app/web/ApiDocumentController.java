package io.filejobs.app.web;

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

/**
 * The API's own description: the OpenAPI document generated at build time from the controllers
 * (plus {@code app/src/main/openapi/filejobs.yml}), and Swagger UI over it at {@code /docs}. Both
 * carry no data and need no key.
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
    private static final String VIEW = "META-INF/swagger/views/swagger-ui/";

    private final ClasspathFiles files;

    public ApiDocumentController(ClasspathFiles files) {
        this.files = files;
    }

    @Get(uri = "/openapi.yml", produces = "application/yaml")
    @Operation(operationId = "getOpenApiDocument", summary = "This document")
    @SecurityRequirements
    @ApiResponse(responseCode = "200", description = "The OpenAPI document, YAML", content = @Content(mediaType = "application/yaml",
            schema = @Schema(type = "string")))
    public HttpResponse<byte[]> document() {
        return files.serve("META-INF/swagger/", "filejobs.yml");
    }

    @Hidden
    @Get(uri = "/docs", produces = MediaType.TEXT_HTML)
    public HttpResponse<byte[]> docs() {
        return files.serve(VIEW, "index.html");
    }

    @Hidden
    @Get("/docs/res/{name}")
    public HttpResponse<byte[]> resource(@PathVariable String name) {
        return files.asset(VIEW + "res/", name);
    }
}
