package io.filejobs.app.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.filejobs.core.error.FieldError;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * An RFC 9457 problem body with FileJobs' stable {@code code} and, for validation, the broken
 * fields: at most {@link ProblemResponses#MAX_LISTED_ERRORS}, with {@code errorCount} saying how
 * many there were when more were left out.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        String code,
        @Nullable String instance,
        @Nullable List<FieldError> errors,
        @Nullable Integer errorCount) {
}
