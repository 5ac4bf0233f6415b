package io.filejobs.core.step.wait;

import io.filejobs.core.job.StepFields;
import io.filejobs.core.job.StepRules;
import io.filejobs.core.step.ObjectAccess;
import io.filejobs.core.step.PlanContext;
import io.filejobs.core.step.StepAction;
import io.filejobs.core.step.StepContext;
import io.filejobs.core.step.StepErrorCode;
import io.filejobs.core.step.StepFailure;
import io.filejobs.core.step.StepOutcome;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * WAIT: the run pauses at the step, WAITING, until an outside system answers the step's callback
 * route ({@code POST /jobs/{id}/runs/{runId}/steps/{stepId}/callback}) with SUCCEEDED or FAILED, or
 * its timeout passes (TIMEOUT). The state machine holds the step as a task waiting for its token;
 * the run's record keeps the token, and the callback hands the answer to the state machine.
 */
@Singleton
public class WaitAction implements StepAction<WaitSpec> {

    public static final String NAME = "WAIT";
    public static final String CALLBACK = "CALLBACK";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<WaitSpec> specType() {
        return WaitSpec.class;
    }

    @Override
    public List<String> fields() {
        return List.of("for", "timeout");
    }

    @Override
    public WaitSpec read(StepFields fields) {
        return new WaitSpec(fields.string("for"), fields.string("timeout"));
    }

    @Override
    public void validate(WaitSpec spec, StepRules rules) {
        if (spec.waitFor() == null) {
            rules.error("for", "is required: what the step waits for (CALLBACK)");
        } else if (!CALLBACK.equals(spec.waitFor())) {
            rules.error("for", "must be CALLBACK (a call to the step's callback route); got '" + spec.waitFor() + "'");
        }
        if (spec.timeout() != null) {
            try {
                Duration timeout = Duration.parse(spec.timeout());
                if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(WaitSpec.MAX_TIMEOUT) > 0) {
                    rules.error("timeout", "must be from PT1S to P365D; got " + spec.timeout());
                }
            } catch (DateTimeParseException e) {
                rules.error("timeout", "must be an ISO-8601 duration such as P2D or PT4H; got '" + spec.timeout() + "'");
            }
        }
    }

    @Override
    public List<ObjectAccess> accesses(WaitSpec spec) {
        return List.of();
    }

    @Override
    public Optional<Duration> waitsForCallback(WaitSpec spec) {
        return Optional.of(spec.timeoutDuration());
    }

    @Override
    public void plan(WaitSpec spec, PlanContext plan) {
        plan.warn("the run waits here for a callback, for at most " + spec.timeoutDuration());
    }

    /** Never run as a task of its own: the state machine waits for the step's callback instead ({@link #waitsForCallback}). */
    @Override
    public StepOutcome execute(WaitSpec spec, StepContext context) {
        throw new StepFailure(StepErrorCode.INTERNAL, "a WAIT step is answered through its callback route, not run");
    }
}
