package io.filejobs.core.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.filejobs.core.step.ObjectCounts;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * One shard of a set step split for the state machine's Map: RUNNING, then SUCCEEDED (or FAILED
 * after its attempts), when it started and ended, its attempts, the bytes and objects it handled,
 * and its last error. The step's record lists its shards once they are joined.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ShardRun(int shard, String status, int attempts, String startedAt, @Nullable String finishedAt, long bytes,
        @Nullable ObjectCounts objects, @Nullable RunError error) {
}
