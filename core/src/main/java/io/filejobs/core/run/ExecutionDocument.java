package io.filejobs.core.run;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * What the state machine carries from step to step: the job ({@code id}, {@code name}), the run,
 * and {@code current}, which advances until it reaches {@code stepCount}. Steps are summaries; the
 * step task reads the full step from the definition version the run is pinned to, so the document
 * stays small however many sources a MERGE names. {@code continuation} is what the current step
 * returned to be continued from in the next invocation (a long MERGE), as JSON its action owns. {@code outcome} is RUN, DUPLICATE (another
 * trigger already started this run), SKIPPED (the job is invalid; the run is alerted on) or
 * OVERLAP (the job's previous run is still going; recorded as SKIPPED, without an alert).
 * {@code shards} lists the shards of a set step split for the state machine's Map; {@code shard}
 * is the one a Map iteration works on (null outside the Map).
 */
@Serdeable
public record ExecutionDocument(
        String id,
        String name,
        String runId,
        String outcome,
        int stepCount,
        int start,
        int current,
        List<StepSummary> steps,
        @Nullable JsonNode continuation,
        @Nullable List<Integer> shards,
        @Nullable Integer shard) {

    public static final String RUN = "RUN";
    public static final String DUPLICATE = "DUPLICATE";
    public static final String SKIPPED = "SKIPPED";
    public static final String OVERLAP = "OVERLAP";
    /** The run waits, QUEUED, for the job's runs before it (overlap QUEUE); the run that finishes before it starts it. */
    public static final String QUEUED = "QUEUED";

    /** A document at step {@code current} with nothing in progress. */
    public ExecutionDocument(String id, String name, String runId, String outcome, int stepCount, int start, int current,
            List<StepSummary> steps) {
        this(id, name, runId, outcome, stepCount, start, current, steps, null, null, null);
    }

    public ExecutionDocument(String id, String name, String runId, String outcome, int stepCount, int start, int current,
            List<StepSummary> steps, @Nullable JsonNode continuation) {
        this(id, name, runId, outcome, stepCount, start, current, steps, continuation, null, null);
    }

    /** The document for the next step. */
    public ExecutionDocument next() {
        return new ExecutionDocument(id, name, runId, outcome, stepCount, start, current + 1, steps, null, null, null);
    }

    /** The document past its last step: the run ended early (a step skipped it), and the workflow goes on to record it. */
    public ExecutionDocument pastTheEnd() {
        return new ExecutionDocument(id, name, runId, outcome, stepCount, start, stepCount, steps, null, null, null);
    }

    /** The same step (or shard) again, to be continued from {@code continuation}: the step action's own state, opaque here. */
    public ExecutionDocument continueWith(JsonNode continuation) {
        return new ExecutionDocument(id, name, runId, outcome, stepCount, start, current, steps, continuation, shards, shard);
    }

    /**
     * The current step split into {@code count} shards: the state machine runs each (a Map over
     * {@code shards}, its items the shard numbers) and then the step once more, which joins them.
     */
    public ExecutionDocument sharded(int count) {
        return new ExecutionDocument(id, name, runId, outcome, stepCount, start, current, steps, null,
                java.util.stream.IntStream.range(0, count).boxed().toList(), null);
    }

    /** A shard that has finished: nothing to continue. */
    public ExecutionDocument shardDone() {
        return new ExecutionDocument(id, name, runId, outcome, stepCount, start, current, steps, null, shards, shard);
    }

    /** A step as the document names it. */
    @Serdeable
    public record StepSummary(int id, String name, String action) {
    }
}
