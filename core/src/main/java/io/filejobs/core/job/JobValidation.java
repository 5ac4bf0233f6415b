package io.filejobs.core.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.filejobs.core.error.FieldError;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * The outcome of the asynchronous check, with what is wrong when it is INVALID. At most
 * {@link #MAX_LISTED_ERRORS} errors are listed; {@code errorCount} then says how many there were.
 * {@code code} is {@code CHECK_FAILED} when the check itself could not be completed.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobValidation(ValidationStatus status, List<FieldError> errors, @Nullable Integer errorCount, @Nullable String code) {

    public static final int MAX_LISTED_ERRORS = 100;
    /** The code of an INVALID job whose check could not be completed. */
    public static final String CHECK_FAILED = "CHECK_FAILED";

    public JobValidation {
        errors = List.copyOf(errors);
    }

    public JobValidation(ValidationStatus status, List<FieldError> errors) {
        this(status, errors, null, null);
    }

    public static JobValidation pending() {
        return new JobValidation(ValidationStatus.PENDING, List.of());
    }

    public static JobValidation valid() {
        return new JobValidation(ValidationStatus.VALID, List.of());
    }

    /** INVALID with the first {@link #MAX_LISTED_ERRORS} of {@code errors}, and their count when more were left out. */
    public static JobValidation invalid(List<FieldError> errors) {
        return errors.size() <= MAX_LISTED_ERRORS ? new JobValidation(ValidationStatus.INVALID, errors)
                : new JobValidation(ValidationStatus.INVALID, errors.subList(0, MAX_LISTED_ERRORS), errors.size(), null);
    }

    /** INVALID because the check could not be completed; writing the job again checks it again. */
    public static JobValidation checkFailed(String why) {
        return new JobValidation(ValidationStatus.INVALID, List.of(new FieldError("validation",
                "the check could not be completed (" + why + "); write the job again (PUT) to check it again")), null, CHECK_FAILED);
    }
}
