package io.filejobs.core.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.filejobs.core.step.ObjectCounts;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * One step of a run: PENDING until it starts, then RUNNING, SUCCEEDED or FAILED; a set step also
 * counts its objects (its per-object ledger has each one), and one split into shards lists them. A
 * WAIT step is WAITING until its callback or {@code waitingUntil}, and keeps the callback it got.
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
        @Nullable List<ShardRun> shards,
        @Nullable String waitingUntil,
        @Nullable Callback callback) {

    /** A step, with its shards when it was split, that does not wait for a callback. */
    public StepRun(int id, String name, String action, String status, @Nullable String startedAt, @Nullable String finishedAt,
            @Nullable Long bytes, @Nullable RunError error, int attempts, @Nullable ObjectCounts objects, @Nullable List<ShardRun> shards) {
        this(id, name, action, status, startedAt, finishedAt, bytes, error, attempts, objects, shards, null, null);
    }

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

    /**
     * The answer a WAIT step got through its callback route: SUCCEEDED or FAILED, the caller's
     * message and output (any JSON object), and when it came.
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Callback(String outcome, @Nullable String message, @Nullable JsonNode output, String receivedAt) {
    }

    /** Whether the step waits for its callback. */
    public boolean waiting() {
        return WAITING.equals(status);
    }

    public static final String PENDING = "PENDING";
    /** A WAIT step waiting for its callback (until {@code waitingUntil}). */
    public static final String WAITING = "WAITING";
    public static final String RUNNING = "RUNNING";
    public static final String SUCCEEDED = "SUCCEEDED";
    public static final String FAILED = "FAILED";
    /** The step found nothing to do and ended its run as SKIPPED (an empty object set with ifEmpty SKIP). */
    public static final String SKIPPED = "SKIPPED";
}
