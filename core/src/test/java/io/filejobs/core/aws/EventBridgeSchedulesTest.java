package io.filejobs.core.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.filejobs.core.error.ErrorCode;
import io.filejobs.core.error.FieldError;
import io.filejobs.core.error.FileJobsException;
import io.filejobs.core.job.JobDefinition;
import io.filejobs.core.job.JobRecord;
import io.filejobs.core.job.JobState;
import io.filejobs.core.job.JobValidation;
import io.filejobs.core.job.Step;
import io.filejobs.core.run.RunRequest;
import io.filejobs.core.schedule.JobSchedules;
import io.filejobs.core.step.DeleteSpec;
import io.filejobs.core.testing.MotoServer;
import io.filejobs.core.trigger.Trigger;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;
import software.amazon.awssdk.services.scheduler.model.ValidationException;

/** A job's EventBridge Scheduler schedule, written through the Scheduler API, here moto's. */
class EventBridgeSchedulesTest {

    private static final String GROUP = "filejobs-test";
    private static final String STATE_MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:filejobs-test";
    private static final String ROLE = "arn:aws:iam::123456789012:role/filejobs-scheduler";
    private static final String DLQ = "arn:aws:sqs:us-east-1:123456789012:filejobs-schedule-dlq";
    private static final List<Step> STEPS = List.of(new Step(0, "d", new DeleteSpec("bucket1/x")));

    @TempDir
    static Path dir;
    private static MotoServer moto;
    private static SchedulerClient admin;
    private static ApplicationContext context;
    private static JobSchedules schedules;

    @BeforeAll
    static void start() throws Exception {
        moto = MotoServer.start(dir.resolve("moto.log").toFile());
        admin = SchedulerClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
        admin.createScheduleGroup(b -> b.name(GROUP));
        context = ApplicationContext.run(Map.of(
                "filejobs.scheduling.group", GROUP,
                "filejobs.scheduling.role-arn", ROLE,
                "filejobs.scheduling.dead-letter-arn", DLQ,
                "filejobs.scheduling.endpoint", moto.endpoint().toString(),
                "filejobs.workflow.state-machine-arn", STATE_MACHINE,
                "aws.region", "us-east-1", "aws.accessKeyId", "test", "aws.secretKey", "test"));
        schedules = context.getBean(JobSchedules.class);
    }

    @AfterAll
    static void stop() throws Exception {
        context.close();
        admin.close();
        moto.close();
    }

    private static JobRecord record(String id, long version, Instant createdAt, JobState state) {
        return new JobRecord(id, version, "nightly", state, "jobs/" + id + "/v" + version + "-x.json", createdAt, Instant.now(),
                JobValidation.pending());
    }

    private static JobDefinition definition(String schedule, String zone, JobState state) {
        return new JobDefinition("nightly", null, schedule, zone, state, STEPS);
    }

    private static GetScheduleResponse read(String id) {
        return admin.getSchedule(b -> b.groupName(GROUP).name(id));
    }

    @Test
    void createUpdateDisableAndDeleteFollowTheJob() {
        assertInstanceOf(EventBridgeSchedules.class, schedules);
        String id = "schedulejob01";
        Instant created = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        schedules.apply(record(id, 1, created, JobState.ENABLED), definition("cron(0 1 * * ? *)", "Europe/Berlin", JobState.ENABLED));
        GetScheduleResponse first = read(id);
        assertEquals("cron(0 1 * * ? *)", first.scheduleExpression());
        assertEquals("Europe/Berlin", first.scheduleExpressionTimezone());
        assertEquals("ENABLED", first.stateAsString());
        assertEquals("OFF", first.flexibleTimeWindow().modeAsString());
        assertEquals(STATE_MACHINE, first.target().arn());
        assertEquals(ROLE, first.target().roleArn());
        assertEquals(DLQ, first.target().deadLetterConfig().arn());
        assertEquals(20, first.target().retryPolicy().maximumRetryAttempts());
        assertEquals(3600, first.target().retryPolicy().maximumEventAgeInSeconds());
        assertEquals(null, first.startDate(), "a cron expression is absolute");
        assertTrue(first.description().contains("version 1"), first.description());

        schedules.apply(record(id, 2, created, JobState.DISABLED), definition("rate(5 minutes)", "UTC", JobState.DISABLED));
        GetScheduleResponse second = read(id);
        assertEquals("rate(5 minutes)", second.scheduleExpression());
        assertEquals("UTC", second.scheduleExpressionTimezone());
        assertEquals("DISABLED", second.stateAsString());
        assertEquals(created.getEpochSecond(), second.startDate().getEpochSecond(), "a new job's rate starts at its creation");
        assertTrue(second.description().contains("version 2"), second.description());

        schedules.apply(record(id, 3, created, JobState.ENABLED), definition(null, "UTC", JobState.ENABLED));
        assertThrows(ResourceNotFoundException.class, () -> read(id), "a job without an expression has no schedule");

        schedules.apply(record(id, 4, created, JobState.ENABLED), definition("at(2030-01-01T00:00:00)", "Asia/Tokyo", JobState.ENABLED));
        assertEquals("at(2030-01-01T00:00:00)", read(id).scheduleExpression());
        schedules.remove(id);
        assertThrows(ResourceNotFoundException.class, () -> read(id));
        schedules.remove(id);
    }

    @Test
    void theTargetInputIsAScheduledTriggerOfTheStateMachine() throws Exception {
        String id = "schedulejob02";
        schedules.apply(record(id, 1, Instant.now(), JobState.ENABLED), definition("cron(0 1 * * ? *)", "UTC", JobState.ENABLED));
        String input = read(id).target().input();
        assertTrue(input.contains(EventBridgeSchedules.SCHEDULED_TIME), input);
        // What Step Functions receives once Scheduler has put in the time it fired for.
        String fired = input.replace(EventBridgeSchedules.SCHEDULED_TIME, "2026-11-23T00:00:00Z");
        RunRequest request = JsonMapper.createDefault().readValue(fired, Argument.of(RunRequest.class));
        assertEquals(new RunRequest(id, Trigger.SCHEDULE, "2026-11-23T00:00:00Z", null, false), request);
        assertEquals(Set.of("jobId", "trigger", "scheduledTime"),
                JsonMapper.createDefault().readValue(fired, Argument.mapOf(String.class, Object.class)).keySet());
        schedules.remove(id);
    }

    @Test
    void anOldJobsRateStartsAtItsNextTimeOnItsCadence() {
        String id = "schedulejob03";
        Instant created = Instant.now().minus(Duration.ofDays(3)).minusSeconds(100).truncatedTo(ChronoUnit.MILLIS);
        schedules.apply(record(id, 7, created, JobState.ENABLED), definition("rate(1 hour)", "UTC", JobState.ENABLED));
        Instant start = read(id).startDate();
        Instant now = Instant.now();
        assertTrue(start.isAfter(now.minusSeconds(1)) && start.isBefore(now.plus(Duration.ofHours(1))), start.toString());
        assertEquals(0, Duration.between(created, start).toSeconds() % 3600, "on the hourly cadence from the job's creation");
        schedules.remove(id);
    }

    @Test
    void theGroupListsTheJobsThatHaveSchedules() {
        schedules.apply(record("schedulejob04", 1, Instant.now(), JobState.ENABLED), definition("rate(1 day)", "UTC", JobState.ENABLED));
        schedules.apply(record("schedulejob05", 1, Instant.now(), JobState.DISABLED), definition("rate(2 days)", "UTC", JobState.DISABLED));
        assertTrue(schedules.registeredJobIds().containsAll(Set.of("schedulejob04", "schedulejob05")));
        schedules.remove("schedulejob04");
        schedules.remove("schedulejob05");
    }

    @Test
    void refusalsAndOutagesBecomeTypedErrors() {
        SchedulingConfiguration config = new SchedulingConfiguration();
        config.setGroup(GROUP);
        WorkflowConfiguration workflow = new WorkflowConfiguration();
        workflow.setStateMachineArn(STATE_MACHINE);
        JobRecord job = record("schedulejob06", 1, Instant.now(), JobState.ENABLED);
        JobDefinition definition = definition("cron(0 1 * * ? *)", "UTC", JobState.ENABLED);

        FileJobsException refused = assertThrows(FileJobsException.class, () -> new EventBridgeSchedules(() -> failing(ValidationException.builder()
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ValidationException").errorMessage("Invalid Schedule Expression").build())
                .statusCode(400).build()), config, workflow, JsonMapper.createDefault(), Clock.systemUTC()).apply(job, definition));
        assertEquals(ErrorCode.VALIDATION_FAILED, refused.code());
        assertEquals(List.of(new FieldError("schedule", "EventBridge Scheduler refused it: Invalid Schedule Expression")), refused.errors());

        EventBridgeSchedules unreachable = new EventBridgeSchedules(() -> failing(SdkClientException.create("Connection refused")), config, workflow,
                JsonMapper.createDefault(), Clock.systemUTC());
        assertEquals(ErrorCode.SERVICE_UNAVAILABLE, assertThrows(FileJobsException.class, () -> unreachable.apply(job, definition)).code());
        assertEquals(ErrorCode.SERVICE_UNAVAILABLE, assertThrows(FileJobsException.class, () -> unreachable.remove(job.id())).code());
    }

    @Test
    void retrySettingsOutsideSchedulersBoundsAreRefusedByName() {
        SchedulingConfiguration config = new SchedulingConfiguration();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> config.setMaxRetryAttempts(186)).getMessage()
                .contains("max-retry-attempts"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> config.setMaxEventAge(Duration.ofSeconds(59))).getMessage()
                .contains("max-event-age"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> config.setMaxEventAge(Duration.ofHours(25))).getMessage()
                .contains("max-event-age"));
        assertEquals(20, config.getMaxRetryAttempts());
    }

    private static SchedulerClient failing(RuntimeException failure) {
        return (SchedulerClient) Proxy.newProxyInstance(SchedulerClient.class.getClassLoader(), new Class<?>[] {SchedulerClient.class},
                (proxy, method, args) -> {
                    throw failure;
                });
    }
}
