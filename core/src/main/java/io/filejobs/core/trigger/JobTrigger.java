package io.filejobs.core.trigger;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.filejobs.core.step.set.Glob;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * One entry of a job's {@code triggers}: every object created under {@code prefix} ({@code
 * bucket/key-prefix}, written out: an event is matched against it as it is) whose key after the
 * prefix matches the {@code match} glob (every one when absent) starts a run of the job.
 */
@Serdeable.Serializable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobTrigger(Type type, String prefix, @Nullable String match) {

    /** The kinds of trigger a job names; schedules have their own field. */
    public enum Type {
        OBJECT_CREATED
    }

    public String bucket() {
        int slash = prefix.indexOf('/');
        return slash < 0 ? prefix : prefix.substring(0, slash);
    }

    /** The key prefix, after the bucket: may be empty (the whole bucket). */
    public String keyPrefix() {
        int slash = prefix.indexOf('/');
        return slash < 0 ? "" : prefix.substring(slash + 1);
    }

    public Glob glob() {
        return Glob.of(match == null ? "**" : match);
    }

    /** Whether the creation of {@code key} in {@code bucket} starts a run. */
    public boolean matches(String objectBucket, String key) {
        return bucket().equals(objectBucket) && key.startsWith(keyPrefix()) && glob().matches(key.substring(keyPrefix().length()));
    }
}
