package io.filejobs.core.run;

import io.filejobs.core.job.Job;
import io.filejobs.core.job.JobDefinition;
import io.filejobs.core.job.JobService;
import io.filejobs.core.job.JobState;
import io.filejobs.core.job.Step;
import io.filejobs.core.store.RunLedger;
import io.filejobs.core.trigger.ScheduleTrigger;
import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The workflow's tasks as the container wires them, on embedded storage (S3Proxy and DynamoDB Local). */
abstract class RunTaskTestBase {

    static ApplicationContext context;
    static S3Client s3;

    @BeforeAll
    static void start() throws IOException {
        context = ApplicationContext.run(Map.of(
                "filejobs.embedded.s3.enabled", true, "filejobs.embedded.s3.port", 0,
                "filejobs.embedded.s3.dir", Files.createTempDirectory("run-tasks").toString(),
                "filejobs.embedded.dynamodb.enabled", true, "filejobs.storage.create-if-missing", true, "aws.region", "us-east-1"));
        s3 = context.getBean(S3Client.class);
        s3.createBucket(b -> b.bucket("bucket1"));
        s3.createBucket(b -> b.bucket("bucket2"));
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    static <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    static Job job(Step... steps) {
        return jobIn("UTC", steps);
    }

    static Job jobIn(String timezone, Step... steps) {
        return bean(JobService.class).create(new JobDefinition("job-" + UUID.randomUUID().toString().substring(0, 8), null, null, timezone,
                JobState.ENABLED, List.of(steps)));
    }

    static void put(String bucket, String key, String content) {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(content));
    }

    static RunRequest scheduled(String jobId, String time) {
        return new ScheduleTrigger(Instant.parse(time)).request(jobId);
    }

    static Run run(String jobId, String runId) {
        return bean(RunLedger.class).get(jobId, runId).orElseThrow();
    }
}
