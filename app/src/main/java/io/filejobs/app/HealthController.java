package io.filejobs.app;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.serde.annotation.Serdeable;

/** Answers once the application is up; needs no API key. */
@Controller("/health")
public class HealthController {

    @Get
    public Health health() {
        return new Health("UP");
    }

    /** The health answer. */
    @Serdeable
    public record Health(String status) {
    }
}
