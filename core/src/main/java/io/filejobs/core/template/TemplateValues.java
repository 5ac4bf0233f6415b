package io.filejobs.core.template;

import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.time.ZoneId;

/**
 * What a run's templates are filled with: the run's logical time (a scheduled run's scheduled time,
 * a manual run's request) in the job's time zone, the run's id and the job's name; in a step over
 * an object set, also the object at hand (its key, and its key after the selector's prefix).
 */
public record TemplateValues(Instant logicalTime, ZoneId zone, String runId, String jobName, @Nullable String key,
        @Nullable String relativeKey) {

    public TemplateValues(Instant logicalTime, ZoneId zone, String runId, String jobName) {
        this(logicalTime, zone, runId, jobName, null, null);
    }

    /** The same run's values, for one object of a set. */
    public TemplateValues withObject(String objectKey, String keyAfterPrefix) {
        return new TemplateValues(logicalTime, zone, runId, jobName, objectKey, keyAfterPrefix);
    }

    /** The object's name after its last '/'. */
    public String basename() {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    /** The basename without its extension. */
    public String stem() {
        String base = basename();
        int dot = base.lastIndexOf('.');
        return dot <= 0 ? base : base.substring(0, dot);
    }

    /** The basename's extension, without the dot; empty when it has none. */
    public String ext() {
        String base = basename();
        int dot = base.lastIndexOf('.');
        return dot <= 0 ? "" : base.substring(dot + 1);
    }
}
