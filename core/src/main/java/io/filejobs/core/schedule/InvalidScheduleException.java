package io.filejobs.core.schedule;

/** A schedule expression that EventBridge Scheduler would refuse; the message says which part and why. */
public class InvalidScheduleException extends IllegalArgumentException {

    public InvalidScheduleException(String message) {
        super(message);
    }
}
