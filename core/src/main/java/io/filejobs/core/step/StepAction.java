package io.filejobs.core.step;

import io.filejobs.core.job.StepFields;
import io.filejobs.core.job.StepRules;
import io.filejobs.core.template.TemplateValues;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One kind of step (COPY, MOVE, DELETE, MERGE, ...): everything FileJobs knows about it lives in the
 * class that implements this, and the container collects the implementations ({@link StepActions}).
 * The job reader, both validation phases, the step executor and the end of a run ask the action;
 * none of them names one.
 *
 * <p>A new action is this class, its spec record, and its tests.
 *
 * @param <S> the action's spec: the fields of one of its steps
 */
public interface StepAction<S extends StepSpec> {

    /** The name a job uses in {@code action}, upper case, such as COPY. */
    String name();

    Class<S> specType();

    /** The fields of one of its steps besides {@code id}, {@code name} and {@code action}; any other field is refused. */
    List<String> fields();

    /**
     * Reads the step's fields. A value of the wrong type is reported to {@code fields} (naming the
     * field); a missing one reads as null, for {@link #validate} to report when it is required.
     */
    S read(StepFields fields);

    /** The rules on the step's values, checked when a definition is written; each broken rule is reported to {@code rules}. */
    void validate(S spec, StepRules rules);

    /**
     * The spec with its templates filled for one run ({@code {date}}, {@code {runId}}, ...): what
     * {@link #accesses}, {@link #execute} and {@link #abandon} are given. A spec without templates is
     * returned as it is, which is the default.
     */
    default S resolve(S spec, TemplateValues values) {
        return spec;
    }

    /**
     * The objects the step reads, removes and writes, in that order, for a spec that passed
     * {@link #validate} and was {@link #resolve resolved}. The dataflow check follows them from step to step; execution checks each
     * bucket against the policy and each written key against the store before the first request.
     */
    List<ObjectAccess> accesses(S spec);

    /**
     * The names the step may write, as the job gives them: {@code bucket/key} templates (the bucket
     * written out), each with the field that names it. What a job's object-created triggers are
     * checked against, so that no job starts itself. None by default.
     */
    default List<NamedTarget> writes(S spec) {
        return List.of();
    }

    /** A name a step writes to: the field, such as {@code destinations[1]}, and its template. */
    record NamedTarget(String field, String template) {
    }

    /**
     * For a step the state machine does not run but holds until an outside system answers its
     * callback route (WAIT): how long it may wait. Empty, the default, for a step that runs.
     */
    default Optional<Duration> waitsForCallback(S spec) {
        return Optional.empty();
    }

    /**
     * Works out what the step would do in a run, for a spec that passed {@link #validate} and was
     * {@link #resolve resolved}, without writing anything: the objects it would handle, the requests
     * it would send, whether it would fail, and what it would leave for the steps after it, all
     * reported to {@code plan}. By default the plan only says that the action cannot tell.
     */
    default void plan(S spec, PlanContext plan) {
        plan.warn(name() + " steps cannot say beforehand what they would do");
    }

    /**
     * Runs the step, or continues it from {@code context}'s continuation. It either finishes, or
     * returns a continuation of its own, which it gets back in the next invocation; a failure is a
     * {@link StepFailure} with its typed code, after the action cleaned up what it began.
     */
    StepOutcome execute(S spec, StepContext context);

    /**
     * Gives up a continuation that will not be continued (the run failed between two invocations):
     * whatever the step holds open for it is released. Nothing by default.
     */
    default void abandon(S spec, StepContext context) {
    }
}
