package io.filejobs.core.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * What the state machine carries: the job ({@code id}, {@code name}) and the run. The run's
 * document holds {@code ready}, the steps whose waits are over, which the state machine runs side
 * by side (a Map), and {@code done} once every step has ended; the step task works out both from
 * the run's record, so the document's size depends on the job, never on what its steps handle.
 * Each Map item is a step's document: {@code current} is that step, {@code continuation} what it
 * returned to be continued from in its next invocation (a long MERGE), as JSON its action owns;
 * {@code shards} lists the shards of a set step split for a Map of its own, and {@code shard} is the
 * one an iteration of that Map works on. A step that waits for a callback is given the
 * {@code taskToken} the state machine waits on ({@code callback}), for {@code timeoutSeconds} at most.
 * {@code outcome} is RUN, DUPLICATE (another trigger already started this run), SKIPPED (the job is
 * invalid; the run is alerted on), OVERLAP (the job's previous run is still going; recorded as
 * SKIPPED, without an alert) or QUEUED.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
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
        @Nullable Integer shard,
        @Nullable List<ReadyStep> ready,
        @Nullable Boolean done,
        @Nullable Boolean callback,
        @Nullable Long timeoutSeconds,
        @Nullable String taskToken) {

    public static final String RUN = "RUN";
    public static final String DUPLICATE = "DUPLICATE";
    public static final String SKIPPED = "SKIPPED";
    public static final String OVERLAP = "OVERLAP";
    /** The run waits, QUEUED, for the job's runs before it (overlap QUEUE); the run that finishes before it starts it. */
    public static final String QUEUED = "QUEUED";

    /** A run's document with nothing in progress. */
    public ExecutionDocument(String id, String name, String runId, String outcome, int stepCount, int start, int current,
            List<StepSummary> steps) {
        this(id, name, runId, outcome, stepCount, start, current, steps, null, null, null, null, null, null, null, null);
    }

    /** Whether this is the run's document ({@code current} -1) rather than one step's. */
    public boolean ofRun() {
        return current < 0;
    }

    /** The run's document with the steps to run next. */
    public ExecutionDocument readyToRun(List<ReadyStep> next) {
        return new ExecutionDocument(id, name, runId, outcome, stepCount, start, -1, steps, null, null, null, List.copyOf(next), false, null,
                null, null);
    }

    /** The run's document once no step is left to run: the run succeeded, or a step ended it early (SKIPPED). */
    public ExecutionDocument finished() {
        return new ExecutionDocument(id, name, runId, outcome, stepCount, start, -1, steps, null, null, null, List.of(), true, null, null,
                null);
    }

    /** Step {@code stepId}'s document, as the state machine's Map hands it out. */
    public ExecutionDocument forStep(int stepId) {
        return new ExecutionDocument(id, name, runId, outcome, stepCount, start, stepId, steps, null, null, null, null, null, null, null, null);
    }

    /** A step's document once the step has ended: nothing to continue. */
    public ExecutionDocument stepEnded() {
        return new ExecutionDocument(id, name, runId, outcome, stepCount, start, current, steps, null, null, null, null, null, null, null,
                null);
    }

    /** The same step (or shard) again, to be continued from {@code continuation}: the step action's own state, opaque here. */
    public ExecutionDocument continueWith(JsonNode continuation) {
        return new ExecutionDocument(id, name, runId, outcome, stepCount, start, current, steps, continuation, shards, shard, null, null,
                null, null, null);
    }

    /**
     * The current step split into {@code count} shards: the state machine runs each (a Map over
     * {@code shards}, its items the shard numbers) and then the step once more, which joins them.
     */
    public ExecutionDocument sharded(int count) {
        return new ExecutionDocument(id, name, runId, outcome, stepCount, start, current, steps, null,
                java.util.stream.IntStream.range(0, count).boxed().toList(), null, null, null, null, null, null);
    }

    /** A shard that has finished: nothing to continue. */
    public ExecutionDocument shardDone() {
        return new ExecutionDocument(id, name, runId, outcome, stepCount, start, current, steps, null, shards, shard, null, null, null, null,
                null);
    }

    /** A step as the document names it. */
    @Serdeable
    public record StepSummary(int id, String name, String action) {
    }

    /**
     * A step whose waits are over: its id, and for a step that waits for a callback, that it does
     * ({@code callback}) and how long it may still wait.
     */
    @Serdeable
    public record ReadyStep(int step, boolean callback, long timeoutSeconds) {
    }
}
