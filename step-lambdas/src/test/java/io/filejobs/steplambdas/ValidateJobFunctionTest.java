package io.filejobs.steplambdas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.filejobs.core.job.Job;
import io.filejobs.core.job.JobDefinition;
import io.filejobs.core.job.JobService;
import io.filejobs.core.job.JobState;
import io.filejobs.core.job.JobStreamEvent;
import io.filejobs.core.job.Step;
import io.filejobs.core.job.ValidationStatus;
import io.filejobs.core.step.DeleteSpec;
import io.filejobs.core.step.TransferSpec;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ValidateJob Lambda, fed a DynamoDB Streams event as the jobs table's stream delivers it. */
class ValidateJobFunctionTest {

    static String streamEvent(String eventName, String jobId, long version, String status) {
        return """
                {"Records":[{"eventID":"1","eventName":"%s","eventVersion":"1.1","eventSource":"aws:dynamodb","awsRegion":"us-east-1",
                  "dynamodb":{"ApproximateCreationDateTime":1763780000,"Keys":{"jobId":{"S":"%s"}},
                    "NewImage":{"jobId":{"S":"%s"},"version":{"N":"%d"},"name":{"S":"x"},"validationStatus":{"S":"%s"},
                                "validationErrors":{"L":[]}},
                    "SequenceNumber":"111","SizeBytes":26,"StreamViewType":"NEW_IMAGE"},
                  "eventSourceARN":"arn:aws:dynamodb:us-east-1:123456789012:table/filejobs-jobs/stream/2026-11-22T00:00:00.000"}]}
                """.formatted(eventName, jobId, jobId, version, status);
    }

    @Test
    void aPendingJobFromTheStreamIsCheckedAndItsOwnOutcomeIsPassedOver() throws Exception {
        try (ApplicationContext context = ApplicationContext.run(Map.of(
                "filejobs.embedded.s3.enabled", true, "filejobs.embedded.s3.port", 0,
                "filejobs.embedded.s3.dir", Files.createTempDirectory("validate-job-test").toString(),
                "filejobs.embedded.dynamodb.enabled", true, "filejobs.storage.create-if-missing", true, "aws.region", "us-east-1"))) {
            Job job = context.getBean(JobService.class).create(new JobDefinition("checked", null, null, "UTC", JobState.ENABLED,
                    List.of(new Step(0, "c", TransferSpec.copy("missing-bucket/a", "missing-bucket/b")))));
            JsonMapper json = context.getBean(JsonMapper.class);
            ValidateJobFunction function = new ValidateJobFunction(context);

            int checked = function.execute(json.readValue(streamEvent("INSERT", job.id(), 1, "PENDING"), JobStreamEvent.class));

            assertEquals(1, checked);
            Job after = context.getBean(JobService.class).get(job.id());
            assertEquals(ValidationStatus.INVALID, after.validation().status());
            assertEquals("steps[0].source", after.validation().errors().get(0).field());
            assertEquals(0, function.execute(json.readValue(streamEvent("MODIFY", job.id(), 1, "INVALID"), JobStreamEvent.class)));
            assertEquals(0, function.execute(json.readValue(streamEvent("REMOVE", job.id(), 1, "PENDING"), JobStreamEvent.class)));
        }
    }

    /** A check that cannot complete (here: S3 cannot be reached) is retried, then recorded INVALID with a code. */
    @Test
    void aCheckThatKeepsFailingLeavesTheJobInvalidWithCheckFailedNotPending() throws Exception {
        try (ApplicationContext context = ApplicationContext.run(Map.of(
                "filejobs.embedded.s3.enabled", true, "filejobs.embedded.s3.port", 0,
                "filejobs.embedded.s3.dir", Files.createTempDirectory("validate-job-test").toString(),
                "filejobs.embedded.dynamodb.enabled", true, "filejobs.storage.create-if-missing", true, "aws.region", "us-east-1"))) {
            JobService jobs = context.getBean(JobService.class);
            Job job = jobs.create(new JobDefinition("unlucky", null, null, "UTC", JobState.ENABLED,
                    List.of(new Step(0, "d", new DeleteSpec("some-bucket/a")))));
            // S3 goes away: every bucket and object check fails to connect.
            context.getBean(io.filejobs.storage.local.LocalS3Server.class).close();
            ValidateJobFunction function = new ValidateJobFunction(context);

            function.execute(context.getBean(JsonMapper.class).readValue(streamEvent("INSERT", job.id(), 1, "PENDING"), JobStreamEvent.class));

            var table = context.getBean(io.filejobs.core.store.JobTable.class);
            var validation = table.get(job.id()).orElseThrow().validation();
            assertEquals(ValidationStatus.INVALID, validation.status());
            assertEquals("CHECK_FAILED", validation.code());
            assertEquals("validation", validation.errors().get(0).field());
            org.junit.jupiter.api.Assertions.assertFalse(validation.errors().get(0).message().contains("Exception"),
                    validation.errors().get(0).message());
        }
    }
}
