package io.filejobs.core.job;

import io.filejobs.core.config.FileJobsConfiguration;
import io.filejobs.core.error.FieldError;
import io.filejobs.core.s3.BucketPolicy;
import io.filejobs.core.s3.ObjectRef;
import io.filejobs.core.s3.StoreKeyRules;
import io.filejobs.core.template.Template;
import io.filejobs.core.template.TemplateException;
import io.filejobs.core.template.TemplateValues;
import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * What a step action checks its values with when a definition is written: errors named by the
 * step's own fields, and the rules every object name meets (S3's, the configured store's, the
 * bucket policy).
 */
public final class StepRules {

    /** A run's values, for checking what a template fills in. */
    private static final TemplateValues SAMPLE = new TemplateValues(Instant.parse("2026-12-31T23:59:59Z"), ZoneOffset.UTC,
            "20261231T235959000Z-s", "job")
            .withTrigger(new TemplateValues.Triggering("bucket", "landing/sample/object.csv", "sample/object.csv"));
    private static final TemplateValues SAMPLE_OBJECT = SAMPLE.withObject("in/sample/object.csv", "sample/object.csv");

    private final String action;
    private final String path;
    private final List<FieldError> errors;
    private final StoreKeyRules keys;
    private final BucketPolicy buckets;
    private final FileJobsConfiguration.Limits limits;
    private final boolean triggered;
    private boolean usesTrigger;

    StepRules(String action, String path, List<FieldError> errors, StoreKeyRules keys, BucketPolicy buckets,
            FileJobsConfiguration.Limits limits, boolean triggered) {
        this.triggered = triggered;
        this.action = action;
        this.path = path;
        this.errors = errors;
        this.keys = keys;
        this.buckets = buckets;
        this.limits = limits;
    }

    /** Reports that the step's {@code field} (such as {@code sources[1]}) breaks a rule. */
    public void error(String field, String message) {
        errors.add(new FieldError(path + "." + field, message));
    }

    /**
     * The object a required field names, or null when it is missing or breaks a rule (reported):
     * {@code bucket/key} as S3 allows it, a key the configured store can hold, an allowed bucket.
     */
    public @Nullable ObjectRef object(String field, @Nullable String name) {
        if (name == null) {
            error(field, "is required for " + action);
            return null;
        }
        ObjectRef ref;
        try {
            ref = ObjectRef.parse(name);
        } catch (IllegalArgumentException e) {
            error(field, e.getMessage());
            return null;
        }
        keys.keyProblem(ref.key()).ifPresent(problem -> error(field, "the key " + problem));
        buckets.problem(ref.bucket()).ifPresent(problem -> error(field, problem));
        return ref;
    }

    /**
     * A named source: in a job with object-created triggers a template ({@link #objectTemplate}),
     * which may name the object that started the run; otherwise the name as written ({@link #object}).
     */
    public @Nullable ObjectRef source(String field, @Nullable String name) {
        return triggered ? objectTemplate(field, name) : object(field, name);
    }

    /**
     * The object a required field names with a template ({@link Template}), filled for a sample run,
     * or null when the template cannot be read or its name breaks a rule (reported). The bucket
     * is written out, so the bucket policy is checked as the job is written.
     */
    public @Nullable ObjectRef objectTemplate(String field, @Nullable String template) {
        Template parsed = template(field, template, false);
        return parsed == null ? null : object(field, parsed.render(SAMPLE));
    }

    /**
     * As {@link #objectTemplate}, for a destination in a step over an object set: it may name the
     * object at hand ({@code {key}}, {@code {relativeKey}}, ...). Returns the template, or null.
     */
    public @Nullable Template objectSetTemplate(String field, @Nullable String template) {
        Template parsed = template(field, template, true);
        return parsed == null || object(field, parsed.render(SAMPLE_OBJECT)) == null ? null : parsed;
    }

    /** A selector's {@code bucket/key-prefix}, a template of a run's values; the key prefix may be empty. */
    public void prefixTemplate(String field, @Nullable String template) {
        if (template != null && template.indexOf('/') < 0) {
            error(field, "must be 'bucket/key-prefix' (the key prefix may be empty: 'bucket/')");
            return;
        }
        Template parsed = template(field, template, false);
        if (parsed == null) {
            return;
        }
        String prefix = parsed.render(SAMPLE);
        String bucket = prefix.substring(0, prefix.indexOf('/'));
        Optional<String> problem = ObjectRef.bucketProblem(bucket).or(() -> buckets.problem(bucket));
        String keyPrefix = prefix.substring(prefix.indexOf('/') + 1);
        problem = problem.or(() -> keyPrefix.isEmpty() ? Optional.empty() : ObjectRef.keyProblem(keyPrefix).map(p -> "the key prefix: " + p));
        problem.ifPresent(p -> error(field, p));
    }

    private @Nullable Template template(String field, @Nullable String template, boolean objects) {
        if (template == null) {
            error(field, "is required for " + action);
            return null;
        }
        Template parsed;
        try {
            parsed = objects ? Template.parseForObjects(template) : Template.parse(template);
        } catch (TemplateException e) {
            error(field, e.getMessage());
            return null;
        }
        if (parsed.usesTrigger()) {
            usesTrigger = true;
            if (!triggered) {
                error(field, "names the object that started the run ({trigger.key}, ...), which only a job with an OBJECT_CREATED trigger has");
                return null;
            }
        }
        int slash = template.indexOf('/');
        if (!parsed.isLiteral() && (slash < 0 || template.substring(0, slash).indexOf('{') >= 0)) {
            error(field, "names its bucket with a placeholder; a template fills in the key only, the bucket is written out");
            return null;
        }
        return parsed;
    }

    /** Whether a template of the step names the object that started the run. */
    boolean usesTrigger() {
        return usesTrigger;
    }

    public FileJobsConfiguration.Limits limits() {
        return limits;
    }
}
