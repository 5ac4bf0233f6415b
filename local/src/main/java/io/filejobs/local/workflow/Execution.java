package io.filejobs.local.workflow;

/** How an execution ended: SUCCEEDED with its output, or FAILED with an error and cause. */
public record Execution(String executionId, String status, Object output, String error, String cause) {
}
