package io.filejobs.core.job;

import io.filejobs.core.error.FieldError;
import io.filejobs.core.logging.LogFields;
import io.filejobs.core.s3.ObjectRef;
import io.filejobs.core.step.ObjectAccess;
import io.filejobs.core.step.S3Objects;
import io.filejobs.core.step.StepActions;
import io.filejobs.core.step.StepFailure;
import io.filejobs.core.step.set.Glob;
import io.filejobs.core.step.set.ObjectSelector;
import io.filejobs.core.store.DefinitionStore;
import io.filejobs.core.store.JobTable;
import io.filejobs.core.template.TemplateValues;
import io.filejobs.core.trigger.JobTrigger;
import io.filejobs.core.trigger.TriggerDelivery;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The asynchronous check of a stored job version: every bucket exists and is reachable with the
 * service's own credentials (else INVALID), and every object a step reads exists or is written by
 * an earlier step of the job (else a warning, as it may be uploaded before the run reaches the step;
 * one an earlier step removes is an error). What a step reads, removes and writes its action says ({@link ObjectAccess}); a
 * DELETE's object is removed, not read, since deleting a missing object succeeds. A trigger's bucket
 * must exist and send its events where FileJobs hears them ({@link TriggerDelivery}). The outcome is stored
 * only if the job is still at the version that was checked.
 */
@Singleton
public class JobValidationService {

    private static final Logger LOG = LoggerFactory.getLogger(JobValidationService.class);
    /** Stands for the object that starts a run, in the names made from it: such names are not looked for. */
    private static final String TRIGGER_OBJECT = "{the-object-that-starts-the-run}";
    /** Times a check is tried before the job is recorded INVALID with CHECK_FAILED. */
    static final int ATTEMPTS = 3;

    private final JobTable jobs;
    private final DefinitionStore definitions;
    private final S3Client s3;
    private final S3Objects objects;
    private final StepActions actions;
    private final Clock clock;
    private final TriggerDelivery delivery;

    public JobValidationService(JobTable jobs, DefinitionStore definitions, S3Client s3, S3Objects objects, StepActions actions,
            Clock clock, TriggerDelivery delivery) {
        this.delivery = delivery;
        this.jobs = jobs;
        this.definitions = definitions;
        this.s3 = s3;
        this.objects = objects;
        this.actions = actions;
        this.clock = clock;
    }

    /**
     * Checks the job at {@code version} and records VALID or INVALID; does nothing if it has moved
     * on. A check that keeps failing ({@link #ATTEMPTS} times; the SDK retries each request within
     * an attempt) is recorded as INVALID with code CHECK_FAILED, so no job stays PENDING for ever.
     */
    public void validate(String jobId, long version) {
        try (LogFields fields = LogFields.of(jobId, null, null)) {
            validateWithFields(jobId, version);
        }
    }

    private void validateWithFields(String jobId, long version) {
        Optional<JobRecord> job = jobs.get(jobId);
        if (job.isEmpty() || job.get().version() != version) {
            return;
        }
        RuntimeException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                record(jobId, version, check(definitions.get(job.get().definitionKey())));
                return;
            } catch (RuntimeException e) {
                last = e;
                LOG.warn("check {} of {} of version {} of job {} failed: {}", attempt, ATTEMPTS, version, jobId, e.toString());
            }
        }
        LOG.error("version {} of job {} could not be checked; it is recorded INVALID ({})", version, jobId, JobValidation.CHECK_FAILED, last);
        record(jobId, version, JobValidation.checkFailed(describe(last)));
    }

    private void record(String jobId, long version, JobValidation outcome) {
        if (!jobs.updateValidation(jobId, version, outcome)) {
            LOG.info("job {} moved past version {} while it was checked; its own check will follow", jobId, version);
        }
    }

    /** What went wrong, in words a user can act on: no class names. */
    private static String describe(RuntimeException e) {
        if (e instanceof StepFailure failure) {
            return failure.code() + ": " + failure.getMessage();
        }
        if (e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException aws && aws.awsErrorDetails() != null) {
            return "the storage service answered " + aws.statusCode() + " " + aws.awsErrorDetails().errorCode();
        }
        return e instanceof software.amazon.awssdk.core.exception.SdkClientException ? "the storage service could not be reached"
                : "an unexpected error, logged by the service";
    }

    /**
     * The dataflow check: each step's objects as its action declares them, in the order the steps run. An object
     * a step reads must not have been removed by a step it comes after (an error: the job itself is
     * wrong); one that neither exists nor is written by an earlier step is a warning, as it may be
     * uploaded before the run reaches the step, which checks again.
     */
    public JobValidation check(JobDefinition definition) {
        List<FieldError> errors = new ArrayList<>();
        List<FieldError> warnings = new ArrayList<>();
        // Templates are filled as for a run now: the objects a run at another time uses differ by their dates only.
        // The object that starts a triggered run does not exist yet: names made from it are not looked for.
        JobTrigger first = definition.triggers().isEmpty() ? null : definition.triggers().get(0);
        TemplateValues now = new TemplateValues(clock.instant(), ZoneId.of(definition.timezone()), "validation", definition.name())
                .withNamedSourceTemplates(first != null)
                .withTrigger(first == null ? null : new TemplateValues.Triggering(first.bucket(), first.keyPrefix() + TRIGGER_OBJECT, TRIGGER_OBJECT));
        List<List<ObjectAccess>> accesses = definition.steps().stream().map(step -> actions.accesses(actions.resolve(step, now))).toList();
        Map<String, String> bucketFields = new LinkedHashMap<>();
        for (int i = 0; i < accesses.size(); i++) {
            for (ObjectAccess access : accesses.get(i)) {
                bucketFields.putIfAbsent(access.ref().bucket(), field(i, access));
            }
        }
        Set<String> missingBuckets = new HashSet<>();
        for (int i = 0; i < definition.triggers().size(); i++) {
            String bucket = definition.triggers().get(i).bucket();
            String field = "triggers[" + i + "].prefix";
            bucketProblem(bucket).or(() -> delivery.problem(bucket)).ifPresent(problem -> errors.add(new FieldError(field, problem)));
        }
        bucketFields.forEach((bucket, field) -> bucketProblem(bucket).ifPresent(problem -> {
            errors.add(new FieldError(field, problem));
            missingBuckets.add(bucket);
        }));
        Set<ObjectRef> written = new HashSet<>();
        Set<ObjectRef> gone = new HashSet<>();
        // Steps in the order they run (by their after); steps that run side by side touch none of each other's objects.
        for (int i : StepGraph.of(definition.steps()).order()) {
            for (ObjectAccess access : accesses.get(i)) {
                ObjectRef ref = access.ref();
                switch (access.kind()) {
                    case READ -> {
                        if (!missingBuckets.contains(ref.bucket()) && !written.contains(ref) && !ref.key().contains(TRIGGER_OBJECT)) {
                            String field = field(i, access);
                            sourceProblem(ref, gone, field, errors, warnings);
                        }
                    }
                    case REMOVE -> {
                        written.remove(ref);
                        gone.add(ref);
                    }
                    case WRITE -> {
                        written.add(ref);
                        gone.remove(ref);
                    }
                    case LIST -> {
                        if (!missingBuckets.contains(ref.bucket())) {
                            setProblem(access.set(), field(i, access), errors, warnings);
                        }
                    }
                    case WRITE_EACH -> {
                        // Named per object as the run goes: its bucket is checked above.
                    }
                }
            }
        }
        return JobValidation.checked(errors, warnings);
    }

    private static String field(int step, ObjectAccess access) {
        return "steps[" + step + "]." + access.field();
    }

    private Optional<String> bucketProblem(String bucket) {
        try {
            s3.headBucket(b -> b.bucket(bucket));
            return Optional.empty();
        } catch (S3Exception e) {
            return Optional.of(switch (e.statusCode()) {
                case 404 -> "bucket '" + bucket + "' does not exist";
                case 403 -> "bucket '" + bucket + "' is not reachable with FileJobs' credentials (access denied)";
                default -> "bucket '" + bucket + "' could not be checked (S3 answered " + e.statusCode() + ")";
            });
        }
    }

    /**
     * A set that matches nothing yet is a warning (its files may arrive before the run): decided
     * from the first page of the listing, and said only when that page is all there is.
     */
    private void setProblem(ObjectSelector set, String field, List<FieldError> errors, List<FieldError> warnings) {
        try {
            var page = s3.listObjectsV2(b -> b.bucket(set.bucket()).prefix(set.keyPrefix()).maxKeys(1000));
            Glob glob = set.glob();
            boolean matched = page.contents().stream().anyMatch(o -> glob.matches(o.key().substring(set.keyPrefix().length())));
            if (!matched && !Boolean.TRUE.equals(page.isTruncated())) {
                warnings.add(new FieldError(field, "no object under " + set.prefix() + (set.match() == null ? "" : " matches '" + set.match() + "'")
                        + " yet; a run checks again when it reaches the step (ifEmpty " + set.ifEmpty() + ")"));
            }
        } catch (S3Exception e) {
            errors.add(new FieldError(field, "the objects under " + set.prefix() + " could not be listed (S3 answered " + e.statusCode() + ")"));
        }
    }

    private void sourceProblem(ObjectRef ref, Set<ObjectRef> gone, String field, List<FieldError> errors, List<FieldError> warnings) {
        if (gone.contains(ref)) {
            errors.add(new FieldError(field, "object " + ref + " is deleted or moved away by an earlier step"));
            return;
        }
        try {
            if (objects.head(ref).isEmpty()) {
                warnings.add(new FieldError(field, "object " + ref + " does not exist yet, and no earlier step writes it; a run checks again"
                        + " when it reaches the step (SOURCE_NOT_FOUND)"));
            }
        } catch (StepFailure e) {
            errors.add(new FieldError(field, "object " + ref + " could not be checked: " + e.getMessage()));
        }
    }
}
