package io.filejobs.core.job;

import io.filejobs.core.error.FieldError;
import io.filejobs.core.s3.ObjectRef;
import io.filejobs.core.step.S3Objects;
import io.filejobs.core.step.StepFailure;
import io.filejobs.core.store.DefinitionStore;
import io.filejobs.core.store.JobTable;
import jakarta.inject.Singleton;
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
 * service's own credentials, and every source exists or is written by an earlier step of the job.
 * A DELETE's object is exempt, since deleting a missing object succeeds. The outcome is stored
 * only if the job is still at the version that was checked.
 */
@Singleton
public class JobValidationService {

    private static final Logger LOG = LoggerFactory.getLogger(JobValidationService.class);
    /** Times a check is tried before the job is recorded INVALID with CHECK_FAILED. */
    static final int ATTEMPTS = 3;

    private final JobTable jobs;
    private final DefinitionStore definitions;
    private final S3Client s3;
    private final S3Objects objects;

    public JobValidationService(JobTable jobs, DefinitionStore definitions, S3Client s3, S3Objects objects) {
        this.jobs = jobs;
        this.definitions = definitions;
        this.s3 = s3;
        this.objects = objects;
    }

    /**
     * Checks the job at {@code version} and records VALID or INVALID; does nothing if it has moved
     * on. A check that keeps failing ({@link #ATTEMPTS} times; the SDK retries each request within
     * an attempt) is recorded as INVALID with code CHECK_FAILED, so no job stays PENDING for ever.
     */
    public void validate(String jobId, long version) {
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

    public JobValidation check(JobDefinition definition) {
        List<FieldError> errors = new ArrayList<>();
        Map<String, String> bucketFields = new LinkedHashMap<>();
        forEachObject(definition, (field, ref) -> bucketFields.putIfAbsent(ref.bucket(), field));
        Set<String> missingBuckets = new HashSet<>();
        bucketFields.forEach((bucket, field) -> bucketProblem(bucket).ifPresent(problem -> {
            errors.add(new FieldError(field, problem));
            missingBuckets.add(bucket);
        }));
        Set<ObjectRef> written = new HashSet<>();
        Set<ObjectRef> gone = new HashSet<>();
        for (int i = 0; i < definition.steps().size(); i++) {
            Step step = definition.steps().get(i);
            String path = "steps[" + i + "]";
            List<String> sources = step.sources() != null ? step.sources() : List.of(step.source());
            for (int j = 0; j < sources.size() && step.action() != StepAction.DELETE; j++) {
                ObjectRef ref = ObjectRef.parse(sources.get(j));
                String field = step.sources() != null ? path + ".sources[" + j + "]" : path + ".source";
                if (!missingBuckets.contains(ref.bucket()) && !written.contains(ref)) {
                    sourceProblem(ref, gone).ifPresent(problem -> errors.add(new FieldError(field, problem)));
                }
            }
            ObjectRef destination = step.destination() == null ? null : ObjectRef.parse(step.destination());
            ObjectRef single = step.source() == null ? null : ObjectRef.parse(step.source());
            switch (step.action()) {
                case COPY, MERGE -> {
                    written.add(destination);
                    gone.remove(destination);
                }
                case MOVE -> {
                    written.remove(single);
                    gone.add(single);
                    written.add(destination);
                    gone.remove(destination);
                }
                case DELETE -> {
                    written.remove(single);
                    gone.add(single);
                }
            }
        }
        return errors.isEmpty() ? JobValidation.valid() : JobValidation.invalid(errors);
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

    private Optional<String> sourceProblem(ObjectRef ref, Set<ObjectRef> gone) {
        if (gone.contains(ref)) {
            return Optional.of("object " + ref + " is deleted or moved away by an earlier step");
        }
        try {
            return objects.head(ref).isPresent() ? Optional.empty()
                    : Optional.of("object " + ref + " does not exist, and no earlier step writes it");
        } catch (StepFailure e) {
            return Optional.of("object " + ref + " could not be checked: " + e.getMessage());
        }
    }

    private static void forEachObject(JobDefinition definition, java.util.function.BiConsumer<String, ObjectRef> visit) {
        for (int i = 0; i < definition.steps().size(); i++) {
            Step step = definition.steps().get(i);
            String path = "steps[" + i + "]";
            if (step.source() != null) {
                visit.accept(path + ".source", ObjectRef.parse(step.source()));
            }
            if (step.sources() != null) {
                for (int j = 0; j < step.sources().size(); j++) {
                    visit.accept(path + ".sources[" + j + "]", ObjectRef.parse(step.sources().get(j)));
                }
            }
            if (step.destination() != null) {
                visit.accept(path + ".destination", ObjectRef.parse(step.destination()));
            }
        }
    }
}
