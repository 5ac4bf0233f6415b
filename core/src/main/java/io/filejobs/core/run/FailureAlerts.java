package io.filejobs.core.run;

/** Where the application itself sends a failure alert (the state machine sends the usual ones). */
public interface FailureAlerts {

    void publish(FinishResult.Alert alert);
}
