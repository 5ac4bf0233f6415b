package io.filejobs.core.plan;

import io.filejobs.core.error.FieldError;
import io.filejobs.core.error.FileJobsException;
import io.filejobs.core.job.JobDefinition;
import io.filejobs.core.job.JobDefinitionValidator;
import io.filejobs.core.job.JobIds;
import io.filejobs.core.job.JobRecord;
import io.filejobs.core.job.Step;
import io.filejobs.core.job.StepGraph;
import io.filejobs.core.s3.ObjectRef;
import io.filejobs.core.step.ObjectAccess;
import io.filejobs.core.step.PlanContext;
import io.filejobs.core.step.S3Objects;
import io.filejobs.core.step.StepActions;
import io.filejobs.core.trigger.JobTrigger;
import io.filejobs.core.step.StepFailure;
import io.filejobs.core.step.StepsConfiguration;
import io.filejobs.core.step.set.ObjectSelector;
import io.filejobs.core.store.DefinitionStore;
import io.filejobs.core.store.JobTable;
import io.filejobs.core.template.TemplateValues;
import io.filejobs.core.trigger.ManualTrigger;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Plans a run of a job, stored or not, as it would go at a given time: each step's templates are
 * filled, and its action works out from the store as it stands (changed by the plans of the steps
 * before it) what it would read, write and send ({@link io.filejobs.core.step.StepAction#plan}).
 * It reads the job, its definition, and S3 with HeadObject and ListObjectsV2; it writes nothing.
 */
@Singleton
public class PlanService {

    private final JobTable jobs;
    private final DefinitionStore definitions;
    private final JobDefinitionValidator validator;
    private final StepActions actions;
    private final S3Client s3;
    private final S3Objects objects;
    private final StepsConfiguration steps;
    private final Clock clock;

    public PlanService(JobTable jobs, DefinitionStore definitions, JobDefinitionValidator validator, StepActions actions, S3Client s3,
            S3Objects objects, StepsConfiguration steps, Clock clock) {
        this.jobs = jobs;
        this.definitions = definitions;
        this.validator = validator;
        this.actions = actions;
        this.s3 = s3;
        this.objects = objects;
        this.steps = steps;
        this.clock = clock;
    }

    /** Plans a run of the stored job's current version at {@code at} (an ISO-8601 time with offset; now when null). */
    public JobPlan plan(String jobId, @Nullable String at) {
        return plan(jobId, at, null);
    }

    /**
     * As above, for a job whose run an object's creation starts: {@code object} ({@code bucket/key})
     * is the object the plan takes to have started it. Required when the job's steps name it.
     */
    public JobPlan plan(String jobId, @Nullable String at, @Nullable String object) {
        Instant when = at(at);
        if (!JobIds.isWellFormed(jobId)) {
            throw FileJobsException.jobNotFound(jobId);
        }
        JobRecord job = jobs.get(jobId).orElseThrow(() -> FileJobsException.jobNotFound(jobId));
        JobDefinition definition = definitions.find(job.definitionKey()).orElseThrow(() -> FileJobsException.jobNotFound(jobId));
        List<String> warnings = new ArrayList<>();
        job.validation().errors().forEach(e -> warnings.add("the job is " + job.validation().status() + ": " + e.field() + " " + e.message()));
        job.validation().warnings().forEach(w -> warnings.add(w.field() + ": " + w.message()));
        return plan(jobId, definition, when, triggering(definition, object), warnings);
    }

    /** Plans a run of a definition that is not stored; it must pass the checks a POST does. */
    public JobPlan plan(JobDefinition definition, @Nullable String at) {
        return plan(definition, at, null);
    }

    /** As above, taking {@code object} ({@code bucket/key}) to have started the run. */
    public JobPlan plan(JobDefinition definition, @Nullable String at, @Nullable String object) {
        Instant when = at(at);
        validator.validate(definition);
        return plan(null, definition, when, triggering(definition, object), new ArrayList<>());
    }

    /** The object a plan takes to have started the run, checked against the job's triggers; null for a run no object starts. */
    private TemplateValues.@Nullable Triggering triggering(JobDefinition definition, @Nullable String object) {
        if (object == null || object.isEmpty()) {
            if (validator.needsTriggerObject(definition)) {
                throw FileJobsException.validation(List.of(new FieldError("object", "is required: the job's steps name the object that"
                        + " started the run ({trigger.key}, ...); say which with object=bucket/key")));
            }
            return null;
        }
        ObjectRef ref;
        try {
            ref = ObjectRef.parse(object);
        } catch (IllegalArgumentException e) {
            throw FileJobsException.validation(List.of(new FieldError("object", e.getMessage())));
        }
        JobTrigger trigger = definition.triggers().stream().filter(t -> t.matches(ref.bucket(), ref.key())).findFirst()
                .orElseThrow(() -> FileJobsException.validation(List.of(new FieldError("object", definition.triggers().isEmpty()
                        ? "names the object that started the run, but the job has no OBJECT_CREATED trigger"
                        : "'" + object + "' is not taken by any of the job's triggers"))));
        return new TemplateValues.Triggering(ref.bucket(), ref.key(), ref.key().substring(trigger.keyPrefix().length()));
    }

    private JobPlan plan(@Nullable String jobId, JobDefinition definition, Instant at, TemplateValues.@Nullable Triggering triggering,
            List<String> warnings) {
        String runId = ManualTrigger.at(at).runId();
        ManualTrigger trigger = new ManualTrigger(runId);
        TemplateValues values = new TemplateValues(trigger.logicalTime(), ZoneId.of(definition.timezone()), runId, definition.name())
                .withNamedSourceTemplates(!definition.triggers().isEmpty()).withTrigger(triggering);
        List<Step> resolved = definition.steps().stream().map(s -> actions.resolve(s, values)).toList();
        Set<ObjectRef> readNames = new HashSet<>();
        List<ObjectSelector> readSets = new ArrayList<>();
        for (Step step : resolved) {
            for (ObjectAccess access : actions.accesses(step)) {
                switch (access.kind()) {
                    case READ, REMOVE -> readNames.add(access.ref());
                    case LIST -> readSets.add(access.set());
                    default -> {
                        // Writes are what the steps leave behind, not what they read.
                    }
                }
            }
        }
        PreviewStore store = new PreviewStore(s3, objects, steps.getSetPageSize(), readNames, readSets, clock.instant());
        List<JobPlan.StepPlan> plans = new ArrayList<>();
        String endsAt = null;
        // In the order the steps run (by their after), so a step reading what another writes is planned after it.
        for (int id : StepGraph.of(resolved).order()) {
            Step step = resolved.get(id);
            PlanContext context = new PlanContext(store, values);
            JobPlan.Error error = null;
            try {
                actions.plan(step, context);
            } catch (StepFailure failure) {
                context.fail(failure.code(), failure.getMessage());
            }
            String status;
            if (context.failCode() != null) {
                error = new JobPlan.Error(context.failCode().name(), context.failMessage());
                status = "WOULD_FAIL";
            } else if (context.skipReason() != null) {
                error = new JobPlan.Error("NO_OBJECTS", context.skipReason());
                status = "WOULD_SKIP_RUN";
            } else {
                status = "WOULD_SUCCEED";
            }
            List<String> stepWarnings = new ArrayList<>(context.warnings());
            if (endsAt != null) {
                stepWarnings.add(0, endsAt);
                status = "NOT_REACHED";
            } else if (error != null) {
                endsAt = "the run would end at step " + step.id() + " (" + error.code() + ") before it reached this step;"
                        + " planned as if that step had done nothing";
            }
            JobPlan.MergeBytes merge = context.copiedInS3() == null ? null : new JobPlan.MergeBytes(context.copiedInS3(), context.throughWorker());
            plans.add(new JobPlan.StepPlan(step.id(), step.name(), step.action(), status, specOf(step),
                    new JobPlan.Objects(context.count(), context.bytes(), context.first()), context.requests(), merge, error, stepWarnings));
        }
        plans.sort(java.util.Comparator.comparingInt(JobPlan.StepPlan::id));
        return new JobPlan(jobId, definition.name(), trigger.logicalTime().toString(), definition.timezone(), runId, plans, warnings);
    }

    /** The step's fields with its templates filled, as the run would use them. */
    private static Map<String, Object> specOf(Step step) {
        Map<String, Object> fields = new LinkedHashMap<>(step.json());
        fields.remove("id");
        fields.remove("name");
        fields.remove("action");
        return fields;
    }

    private Instant at(@Nullable String at) {
        if (at == null || at.isEmpty()) {
            return clock.instant();
        }
        try {
            return OffsetDateTime.parse(at).toInstant();
        } catch (DateTimeException e) {
            throw FileJobsException.validation(List.of(new FieldError("at",
                    "must be an ISO-8601 time with its offset, such as 2026-11-28T01:00:00+01:00 or 2026-11-28T00:00:00Z")));
        }
    }
}
