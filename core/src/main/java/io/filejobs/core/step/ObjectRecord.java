package io.filejobs.core.step;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Set;

/**
 * One object of a set step, as the per-object ledger keeps it: the object ({@code bucket/key}), how
 * the step left it, the bytes it handled, what it wrote, the attempts it took, when it was last
 * handled, and the error when it failed.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ObjectRecord(
        String source,
        String status,
        long bytes,
        List<String> destinations,
        int attempts,
        String at,
        @Nullable Error error) {

    public static final String SUCCEEDED = "SUCCEEDED";
    public static final String FAILED = "FAILED";
    public static final String SKIPPED = "SKIPPED";
    public static final Set<String> STATUSES = Set.of(SUCCEEDED, FAILED, SKIPPED);

    public ObjectRecord {
        destinations = List.copyOf(destinations);
    }

    /** The key of a {@code bucket/key} source (a bucket name has no '/'). */
    public static String keyOf(String source) {
        return source.substring(source.indexOf('/') + 1);
    }

    /** Whether a later attempt leaves the object alone. */
    public boolean done() {
        return !FAILED.equals(status);
    }

    /** Why an object failed: its step error code and the words for it. */
    @Serdeable
    public record Error(String code, String message) {
    }
}
