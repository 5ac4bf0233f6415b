package io.filejobs.steplambdas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.filejobs.core.job.Job;
import io.filejobs.core.job.JobDefinition;
import io.filejobs.core.job.JobService;
import io.filejobs.core.job.JobState;
import io.filejobs.core.job.JobStreamEvent;
import io.filejobs.core.job.Step;
import io.filejobs.core.step.DeleteSpec;
import io.filejobs.core.store.JobTable;
import io.filejobs.core.testing.MotoServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;

/**
 * The ReconcileSchedules Lambda on embedded storage and moto's EventBridge Scheduler: a stream
 * event repairs the schedule of the job it names; an empty event sweeps every job and schedule.
 */
class ReconcileSchedulesFunctionTest {

    private static final String GROUP = "filejobs-reconcile";

    private static String streamEvent(String eventName, String jobId) {
        return """
                {"Records":[{"eventID":"1","eventName":"%s","eventVersion":"1.1","eventSource":"aws:dynamodb","awsRegion":"us-east-1",
                  "dynamodb":{"Keys":{"jobId":{"S":"%s"}},"SequenceNumber":"111","SizeBytes":26,"StreamViewType":"NEW_IMAGE"}}]}
                """.formatted(eventName, jobId);
    }

    @Test
    void streamEventsRepairOneJobsScheduleAndAnEmptyEventSweeps(@TempDir Path dir) throws Exception {
        try (MotoServer moto = MotoServer.start(dir.resolve("moto.log").toFile());
                SchedulerClient admin = SchedulerClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build()) {
            admin.createScheduleGroup(b -> b.name(GROUP));
            try (ApplicationContext context = ApplicationContext.run(Map.ofEntries(
                    Map.entry("filejobs.embedded.s3.enabled", true), Map.entry("filejobs.embedded.s3.port", 0),
                    Map.entry("filejobs.embedded.s3.dir", Files.createTempDirectory(dir, "s3").toString()),
                    Map.entry("filejobs.embedded.dynamodb.enabled", true), Map.entry("filejobs.storage.create-if-missing", true),
                    Map.entry("filejobs.scheduling.group", GROUP), Map.entry("filejobs.scheduling.endpoint", moto.endpoint().toString()),
                    Map.entry("filejobs.scheduling.role-arn", "arn:aws:iam::123456789012:role/scheduler"),
                    Map.entry("filejobs.workflow.state-machine-arn", "arn:aws:states:us-east-1:123456789012:stateMachine:filejobs"),
                    Map.entry("aws.region", "us-east-1"), Map.entry("aws.accessKeyId", "test"), Map.entry("aws.secretKey", "test")))) {
                JobService jobs = context.getBean(JobService.class);
                Job job = jobs.create(new JobDefinition("nightly", null, "cron(0 1 * * ? *)", "Europe/Berlin", JobState.ENABLED,
                        List.of(new Step(0, "d", new DeleteSpec("bucket1/x")))));
                assertEquals("cron(0 1 * * ? *)", admin.getSchedule(b -> b.groupName(GROUP).name(job.id())).scheduleExpression(),
                        "the API wrote the schedule with the job");
                JsonMapper json = context.getBean(JsonMapper.class);
                ReconcileSchedulesFunction function = new ReconcileSchedulesFunction(context);

                // A schedule lost after the job was written (a crash between the two writes) comes back from the stream.
                admin.deleteSchedule(b -> b.groupName(GROUP).name(job.id()));
                assertEquals(1, function.execute(json.readValue(streamEvent("INSERT", job.id()), JobStreamEvent.class)));
                assertEquals("Europe/Berlin", admin.getSchedule(b -> b.groupName(GROUP).name(job.id())).scheduleExpressionTimezone());

                // A job removed while its schedule stayed: the REMOVE record deletes the schedule.
                JobTable table = context.getBean(JobTable.class);
                table.delete(job.id(), 1);
                function.execute(json.readValue(streamEvent("REMOVE", job.id()), JobStreamEvent.class));
                assertThrows(ResourceNotFoundException.class, () -> admin.getSchedule(b -> b.groupName(GROUP).name(job.id())));

                // The sweep: an orphan schedule goes, a job's missing schedule comes back.
                Job kept = jobs.create(new JobDefinition("hourly", null, "rate(1 hour)", "UTC", JobState.DISABLED,
                        List.of(new Step(0, "d", new DeleteSpec("bucket1/y")))));
                admin.deleteSchedule(b -> b.groupName(GROUP).name(kept.id()));
                admin.createSchedule(b -> b.groupName(GROUP).name("orphan0000000").scheduleExpression("rate(1 day)")
                        .flexibleTimeWindow(f -> f.mode("OFF")).target(t -> t.arn("arn:aws:states:us-east-1:123456789012:stateMachine:filejobs")
                                .roleArn("arn:aws:iam::123456789012:role/scheduler")));
                assertEquals(1, function.execute(json.readValue("{}", JobStreamEvent.class)));
                assertThrows(ResourceNotFoundException.class, () -> admin.getSchedule(b -> b.groupName(GROUP).name("orphan0000000")));
                assertEquals("DISABLED", admin.getSchedule(b -> b.groupName(GROUP).name(kept.id())).stateAsString());
            }
        }
    }
}
