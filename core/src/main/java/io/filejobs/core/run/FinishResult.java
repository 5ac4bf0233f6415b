package io.filejobs.core.run;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** The recorded outcome, and for a failed or skipped run the alert the state machine publishes. */
@Serdeable
public record FinishResult(String status, @Nullable Alert alert) {

    /** The failure notification: a subject line and a JSON message. */
    @Serdeable
    public record Alert(String subject, String message) {
    }
}
