package io.filejobs.core.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.filejobs.core.error.FieldError;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * The outcome of the asynchronous check. {@code errors} make a job INVALID: what no later upload
 * can fix (a bucket that does not exist or cannot be reached, an object an earlier step of the job
 * removes). {@code warnings} leave it VALID: a source that does not exist yet, which a run checks
 * again when it reaches the step. At most {@link #MAX_LISTED_ERRORS} of each are listed; {@code
 * errorCount} and {@code warningCount} then say how many there were. {@code code} is {@code
 * CHECK_FAILED} when the check itself could not be completed.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobValidation(ValidationStatus status, List<FieldError> errors, @Nullable Integer errorCount, @Nullable String code,
        List<FieldError> warnings, @Nullable Integer warningCount) {

    public static final int MAX_LISTED_ERRORS = 100;
    /** The code of an INVALID job whose check could not be completed. */
    public static final String CHECK_FAILED = "CHECK_FAILED";

    public JobValidation {
        errors = List.copyOf(errors);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    public JobValidation(ValidationStatus status, List<FieldError> errors) {
        this(status, errors, null, null, List.of(), null);
    }

    public static JobValidation pending() {
        return new JobValidation(ValidationStatus.PENDING, List.of());
    }

    public static JobValidation valid() {
        return new JobValidation(ValidationStatus.VALID, List.of());
    }

    /** INVALID with {@code errors}, without warnings. */
    public static JobValidation invalid(List<FieldError> errors) {
        return checked(errors, List.of());
    }

    /**
     * VALID when there are no errors, else INVALID; each list cut to its first {@link
     * #MAX_LISTED_ERRORS}, with its count when more were left out.
     */
    public static JobValidation checked(List<FieldError> errors, List<FieldError> warnings) {
        return new JobValidation(errors.isEmpty() ? ValidationStatus.VALID : ValidationStatus.INVALID, first(errors), countIfCut(errors), null,
                first(warnings), countIfCut(warnings));
    }

    /** INVALID because the check could not be completed; writing the job again checks it again. */
    public static JobValidation checkFailed(String why) {
        return new JobValidation(ValidationStatus.INVALID, List.of(new FieldError("validation",
                "the check could not be completed (" + why + "); write the job again (PUT) to check it again")), null, CHECK_FAILED,
                List.of(), null);
    }

    private static List<FieldError> first(List<FieldError> list) {
        return list.size() <= MAX_LISTED_ERRORS ? list : list.subList(0, MAX_LISTED_ERRORS);
    }

    private static Integer countIfCut(List<FieldError> list) {
        return list.size() <= MAX_LISTED_ERRORS ? null : list.size();
    }
}
