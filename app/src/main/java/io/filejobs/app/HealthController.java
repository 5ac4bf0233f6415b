package io.filejobs.app;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Answers once the application is up; needs no API key. */
@Controller("/health")
@Tag(name = "service", description = "Health and this document.")
public class HealthController {

    @Get
    @Operation(operationId = "health", summary = "Whether the service is up")
    @SecurityRequirements
    @ApiResponse(responseCode = "200", description = "Up")
    public Health health() {
        return new Health("UP");
    }

    /** The health answer. */
    @Serdeable
    public record Health(String status) {
    }
}
