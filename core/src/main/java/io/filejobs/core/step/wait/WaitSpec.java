package io.filejobs.core.step.wait;

import io.micronaut.core.annotation.Nullable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A WAIT: the run waits at this step until someone answers its callback route, for at most
 * {@code timeout} (an ISO-8601 duration; {@code P2D}, {@code PT4H}).
 *
 * @param waitFor what the step waits for: CALLBACK, the only kind there is
 */
public record WaitSpec(@Nullable String waitFor, @Nullable String timeout) implements io.filejobs.core.step.StepSpec {

    /** The wait when a step names no timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofDays(7);
    /** The longest wait: a run is kept no longer than that anyway. */
    public static final Duration MAX_TIMEOUT = Duration.ofDays(365);

    @Override
    public String action() {
        return WaitAction.NAME;
    }

    /** The timeout, for a spec that passed validation. */
    public Duration timeoutDuration() {
        return timeout == null ? DEFAULT_TIMEOUT : Duration.parse(timeout);
    }

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("for", waitFor);
        fields.put("timeout", timeout);
        return fields;
    }
}
