package io.filejobs.core.error;

import io.micronaut.serde.annotation.Serdeable;

/** One rule a request broke, and where: {@code field} is a path such as {@code steps[2].destination}. */
@Serdeable
public record FieldError(String field, String message) {
}
