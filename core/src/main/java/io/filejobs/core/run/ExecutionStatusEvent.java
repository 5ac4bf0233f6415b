package io.filejobs.core.run;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * EventBridge's "Step Functions Execution Status Change" event, as far as FileJobs reads it: which
 * execution ended, how, and the input it was started with (a {@link RunRequest} as JSON).
 */
@Serdeable
public record ExecutionStatusEvent(@Nullable Detail detail) {

    @Serdeable
    public record Detail(@Nullable String executionArn, @Nullable String status, @Nullable String input, @Nullable String error,
            @Nullable String cause) {
    }
}
