package io.filejobs.core.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.filejobs.core.step.ObjectCounts;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * One step of a run: PENDING until it starts, then RUNNING, SUCCEEDED or FAILED; a set step also
 * counts its objects (its per-object ledger has each one), and one split into shards lists them.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StepRun(
        int id,
        String name,
        String action,
        String status,
        @Nullable String startedAt,
        @Nullable String finishedAt,
        @Nullable Long bytes,
        @Nullable RunError error,
        int attempts,
        @Nullable ObjectCounts objects,
        @Nullable List<ShardRun> shards) {

    /** A step that is not a set step (no object counts). */
    public StepRun(int id, String name, String action, String status, @Nullable String startedAt, @Nullable String finishedAt,
            @Nullable Long bytes, @Nullable RunError error, int attempts) {
        this(id, name, action, status, startedAt, finishedAt, bytes, error, attempts, null, null);
    }

    /** A set step that ran in one piece. */
    public StepRun(int id, String name, String action, String status, @Nullable String startedAt, @Nullable String finishedAt,
            @Nullable Long bytes, @Nullable RunError error, int attempts, @Nullable ObjectCounts objects) {
        this(id, name, action, status, startedAt, finishedAt, bytes, error, attempts, objects, null);
    }

    public static final String PENDING = "PENDING";
    public static final String RUNNING = "RUNNING";
    public static final String SUCCEEDED = "SUCCEEDED";
    public static final String FAILED = "FAILED";
    /** The step found nothing to do and ended its run as SKIPPED (an empty object set with ifEmpty SKIP). */
    public static final String SKIPPED = "SKIPPED";
}
