package io.filejobs.core.aws;

import io.filejobs.core.error.ErrorCode;
import io.filejobs.core.error.FieldError;
import io.filejobs.core.error.FileJobsException;
import io.filejobs.core.job.JobDefinition;
import io.filejobs.core.job.JobRecord;
import io.filejobs.core.schedule.JobSchedules;
import io.filejobs.core.schedule.ScheduleExpression;
import io.filejobs.core.trigger.Trigger;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ActionAfterCompletion;
import software.amazon.awssdk.services.scheduler.model.ConflictException;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;
import software.amazon.awssdk.services.scheduler.model.ScheduleState;
import software.amazon.awssdk.services.scheduler.model.ScheduleSummary;
import software.amazon.awssdk.services.scheduler.model.Target;
import software.amazon.awssdk.services.scheduler.model.ValidationException;

/**
 * One EventBridge Scheduler schedule per job, named by the job's id, in the service's schedule
 * group. Its target starts the state machine with the input a scheduled trigger carries; Scheduler
 * fills in the time it fired for. Its state follows the job's.
 */
@Singleton
@Requires(property = "filejobs.scheduling.group")
@Requires(property = "filejobs.workflow.state-machine-arn")
public class EventBridgeSchedules implements JobSchedules {

    /** Scheduler's placeholder for the time an invocation was scheduled for. */
    public static final String SCHEDULED_TIME = "<aws.scheduler.scheduled-time>";
    /** Scheduler refuses a StartDate further back than this. */
    private static final Duration START_DATE_SLACK = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(EventBridgeSchedules.class);

    /** Built on first use: a cold start that never calls the service does not build its client. */
    private final BeanProvider<SchedulerClient> scheduler;
    private final SchedulingConfiguration config;
    private final WorkflowConfiguration workflow;
    private final JsonMapper json;
    private final Clock clock;

    public EventBridgeSchedules(BeanProvider<SchedulerClient> scheduler, SchedulingConfiguration config, WorkflowConfiguration workflow,
            JsonMapper json, Clock clock) {
        this.scheduler = scheduler;
        this.config = config;
        this.workflow = workflow;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public void apply(JobRecord job, JobDefinition definition) {
        if (definition.schedule() == null) {
            remove(job.id());
            return;
        }
        Schedule schedule = schedule(job, definition);
        try {
            try {
                scheduler.get().updateSchedule(b -> b.groupName(config.getGroup()).name(job.id()).description(schedule.description())
                        .scheduleExpression(definition.schedule()).scheduleExpressionTimezone(definition.timezone())
                        .state(schedule.state()).startDate(schedule.startDate()).flexibleTimeWindow(f -> f.mode(FlexibleTimeWindowMode.OFF))
                        .actionAfterCompletion(ActionAfterCompletion.NONE).target(schedule.target()));
            } catch (ResourceNotFoundException absent) {
                try {
                    scheduler.get().createSchedule(b -> b.groupName(config.getGroup()).name(job.id()).description(schedule.description())
                            .scheduleExpression(definition.schedule()).scheduleExpressionTimezone(definition.timezone())
                            .state(schedule.state()).startDate(schedule.startDate()).flexibleTimeWindow(f -> f.mode(FlexibleTimeWindowMode.OFF))
                            .actionAfterCompletion(ActionAfterCompletion.NONE).target(schedule.target()));
                } catch (ConflictException createdMeanwhile) {
                    // Another writer created it between our two calls; this version still has to win.
                    apply(job, definition);
                    return;
                }
            }
            LOG.info("schedule of job {} (version {}) is {} {} in {}", job.id(), job.version(), schedule.state(), definition.schedule(),
                    definition.timezone());
        } catch (ValidationException e) {
            throw FileJobsException.validation(List.of(new FieldError("schedule",
                    "EventBridge Scheduler refused it: " + e.awsErrorDetails().errorMessage())));
        } catch (SdkException e) {
            throw unavailable(job.id(), e);
        }
    }

    @Override
    public void remove(String jobId) {
        try {
            scheduler.get().deleteSchedule(b -> b.groupName(config.getGroup()).name(jobId));
            LOG.info("schedule of job {} deleted", jobId);
        } catch (ResourceNotFoundException alreadyGone) {
            // Idempotent: a job without a schedule, or a repeated delete.
        } catch (SdkException e) {
            throw unavailable(jobId, e);
        }
    }

    @Override
    public Set<String> registeredJobIds() {
        try {
            return scheduler.get().listSchedulesPaginator(b -> b.groupName(config.getGroup())).schedules().stream()
                    .map(ScheduleSummary::name).collect(Collectors.toSet());
        } catch (SdkException e) {
            throw new FileJobsException(ErrorCode.SERVICE_UNAVAILABLE, "the schedules could not be listed: " + e.getMessage(), List.of(), e);
        }
    }

    /** The input of the execution a schedule starts: a scheduled trigger, which claims the run of its time. */
    public String input(String jobId) {
        Map<String, String> input = new LinkedHashMap<>();
        input.put("jobId", jobId);
        input.put("trigger", Trigger.SCHEDULE.name());
        input.put("scheduledTime", SCHEDULED_TIME);
        try {
            return json.writeValueAsString(input);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Schedule schedule(JobRecord job, JobDefinition definition) {
        Target.Builder target = Target.builder()
                .arn(workflow.getStateMachineArn())
                .roleArn(config.getRoleArn())
                .input(input(job.id()))
                .retryPolicy(r -> r.maximumRetryAttempts(config.getMaxRetryAttempts())
                        .maximumEventAgeInSeconds((int) config.getMaxEventAge().toSeconds()));
        if (config.getDeadLetterArn() != null) {
            target.deadLetterConfig(d -> d.arn(config.getDeadLetterArn()));
        }
        String description = ("FileJobs job " + job.id() + " version " + job.version() + ": " + definition.name());
        return new Schedule(target.build(), description.length() > 512 ? description.substring(0, 512) : description,
                ScheduleState.fromValue(definition.state().name()), startDate(job, definition));
    }

    /**
     * A rate repeats from the job's creation, as {@code nextRuns} and the embedded scheduler count
     * it. Scheduler starts a rate at its StartDate and refuses one more than a few minutes old, so
     * this is the first time of that cadence from now on (the creation itself, just after it).
     * Cron and at() expressions are absolute and need none.
     */
    private Instant startDate(JobRecord job, JobDefinition definition) {
        ScheduleExpression expression = ScheduleExpression.parse(definition.schedule());
        if (!(expression instanceof ScheduleExpression.Rate)) {
            return null;
        }
        Instant now = clock.instant();
        Instant after = job.createdAt().isAfter(now.minus(START_DATE_SLACK)) ? job.createdAt().minusMillis(1) : now;
        return expression.next(ZoneId.of(definition.timezone()), job.createdAt(), after).map(ZonedDateTime::toInstant).orElse(null);
    }

    private static FileJobsException unavailable(String jobId, SdkException e) {
        return new FileJobsException(ErrorCode.SERVICE_UNAVAILABLE,
                "the schedule of job " + jobId + " could not be written (" + e.getMessage() + "); try again", List.of(), e);
    }

    private record Schedule(Target target, String description, ScheduleState state, Instant startDate) {
    }
}
