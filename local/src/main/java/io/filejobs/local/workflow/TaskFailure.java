package io.filejobs.local.workflow;

/** An error a state raised, named as Step Functions names it (a Lambda's exception class, or States.*). */
public class TaskFailure extends RuntimeException {

    private final String error;
    private final String cause;

    public TaskFailure(String error, String cause) {
        super(error + ": " + cause);
        this.error = error;
        this.cause = cause;
    }

    public String error() {
        return error;
    }

    public String cause() {
        return cause;
    }
}
