package io.filejobs.core.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.filejobs.core.error.FieldError;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** The outcome of the asynchronous check, with what is wrong when it is INVALID. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record JobValidation(ValidationStatus status, List<FieldError> errors) {

    public JobValidation {
        errors = List.copyOf(errors);
    }

    public static JobValidation pending() {
        return new JobValidation(ValidationStatus.PENDING, List.of());
    }
}
