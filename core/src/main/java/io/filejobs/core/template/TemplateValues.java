package io.filejobs.core.template;

import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.time.ZoneId;

/**
 * What a run's templates are filled with: the run's logical time (a scheduled run's scheduled time,
 * a manual run's request) in the job's time zone, the run's id and the job's name; in a step over
 * an object set, also the object at hand (its key, and its key after the selector's prefix); in a
 * run an object's creation started, that object.
 */
public record TemplateValues(Instant logicalTime, ZoneId zone, String runId, String jobName, @Nullable String key,
        @Nullable String relativeKey, @Nullable Triggering trigger, boolean namesAreTemplates) {

    /**
     * The object whose creation started the run: its bucket and key, and its key after the prefix of
     * the job's trigger that matched it.
     */
    public record Triggering(String bucket, String key, String relativeKey) {

        public String basename() {
            return key.substring(key.lastIndexOf('/') + 1);
        }
    }

    public TemplateValues(Instant logicalTime, ZoneId zone, String runId, String jobName) {
        this(logicalTime, zone, runId, jobName, null, null, null, false);
    }

    public TemplateValues(Instant logicalTime, ZoneId zone, String runId, String jobName, @Nullable String key, @Nullable String relativeKey) {
        this(logicalTime, zone, runId, jobName, key, relativeKey, null, false);
    }

    /** The same run's values, for one object of a set. */
    public TemplateValues withObject(String objectKey, String keyAfterPrefix) {
        return new TemplateValues(logicalTime, zone, runId, jobName, objectKey, keyAfterPrefix, trigger, namesAreTemplates);
    }

    /** The same run's values, in a run that an object's creation started. */
    public TemplateValues withTrigger(@Nullable Triggering triggering) {
        return new TemplateValues(logicalTime, zone, runId, jobName, key, relativeKey, triggering, namesAreTemplates);
    }

    /** The same values, for a job with triggers: its named sources are templates too ({@link #sourceName}). */
    public TemplateValues withNamedSourceTemplates(boolean templates) {
        return new TemplateValues(logicalTime, zone, runId, jobName, key, relativeKey, trigger, templates);
    }

    /**
     * A named source ({@code bucket/key}) filled for this run. In a job with object-created triggers
     * a source's name is a template, so that it can name the object that started the run ({@code
     * bucket/{trigger.key}}); in any other job it is the name as written, as it always was.
     */
    public String sourceName(String name) {
        return namesAreTemplates ? Template.parse(name).render(this) : name;
    }

    /** The object that started the run; refused, saying so, in a run that no object started. */
    public Triggering triggering(String placeholder) {
        if (trigger == null) {
            throw new TemplateException("{" + placeholder + "} is filled only in a run that an object-created trigger started;"
                    + " this run was not");
        }
        return trigger;
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
