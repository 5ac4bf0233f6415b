package io.filejobs.core.run;

/**
 * Where a WAIT step's answer goes: the state machine's task that waits on the step's token. Step
 * Functions on AWS, the embedded interpreter locally.
 */
public interface TaskCallbacks {

    /** The outcome of handing an answer over. */
    enum Delivery {
        /** The waiting task took it. */
        DELIVERED,
        /** No task waits on the token any more (it timed out, or its execution ended or was restarted). */
        GONE,
        /** It could not be handed over now; try again. */
        UNAVAILABLE
    }

    /** Ends the task waiting on {@code token} successfully, with {@code output} (a JSON object) as its result. */
    Delivery succeed(String token, String output);

    /** Fails the task waiting on {@code token} with {@code error} and {@code cause}, as Catch and Retry see them. */
    Delivery fail(String token, String error, String cause);
}
