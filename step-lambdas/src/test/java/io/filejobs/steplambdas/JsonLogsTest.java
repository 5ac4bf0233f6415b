package io.filejobs.steplambdas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.filejobs.core.job.Job;
import io.filejobs.core.job.JobDefinition;
import io.filejobs.core.job.JobService;
import io.filejobs.core.job.JobState;
import io.filejobs.core.job.JobStreamEvent;
import io.filejobs.core.job.Step;
import io.filejobs.core.step.DeleteSpec;
import io.filejobs.core.testing.MainLogging;
import io.filejobs.steplambdas.deployed.InProcessLambdaContext;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Lambdas' own logging configuration (src/main/resources/logback.xml): every line a handler
 * writes is one JSON object, and a line about a job carries its jobId and the Lambda request id.
 */
class JsonLogsTest {

    @Test
    @SuppressWarnings("unchecked")
    void aHandlersLinesAreJsonWithTheJobAndTheRequest() throws Exception {
        JsonMapper json = JsonMapper.createDefault();
        List<String> lines;
        try (ApplicationContext context = ApplicationContext.run(Map.of(
                "filejobs.embedded.s3.enabled", true, "filejobs.embedded.s3.port", 0,
                "filejobs.embedded.s3.dir", Files.createTempDirectory("json-logs-test").toString(),
                "filejobs.embedded.dynamodb.enabled", true, "filejobs.storage.create-if-missing", true, "aws.region", "us-east-1"))) {
            Job job = context.getBean(JobService.class).create(new JobDefinition("logged", null, null, "UTC", JobState.ENABLED,
                    List.of(new Step(0, "d", new DeleteSpec("some-bucket/a")))));
            // S3 goes away, so the check logs each failed attempt, about this job.
            context.getBean(io.filejobs.storage.local.LocalS3Server.class).close();
            ValidateJobFunction function = new ValidateJobFunction(context);
            JobStreamEvent event = context.getBean(JsonMapper.class).readValue(ValidateJobFunctionTest.streamEvent("INSERT", job.id(), 1, "PENDING"),
                    JobStreamEvent.class);

            lines = MainLogging.capture(() -> function.handleRequest(event, InProcessLambdaContext.of("filejobs-validate-job", "live", 512, 60)));

            List<Map<String, Object>> parsed = new ArrayList<>();
            for (String line : lines) {
                parsed.add(json.readValue(line, Argument.mapOf(String.class, Object.class)));
            }
            List<Map<String, Object>> aboutTheJob = parsed.stream()
                    .filter(l -> String.valueOf(l.get("formattedMessage")).contains(job.id())).toList();
            assertFalse(aboutTheJob.isEmpty(), "the check's failures are logged: " + lines);
            for (Map<String, Object> line : aboutTheJob) {
                assertTrue(List.of("WARN", "ERROR").contains(line.get("level")), line::toString);
                Map<String, Object> mdc = (Map<String, Object>) line.get("mdc");
                assertEquals(job.id(), mdc.get("jobId"), line::toString);
                assertTrue(String.valueOf(mdc.get("AWSRequestId")).matches("[0-9a-f-]{36}"), line::toString);
                assertEquals("filejobs-validate-job", mdc.get("AWSFunctionName"), line::toString);
                assertTrue(((Number) line.get("timestamp")).longValue() > 0, line::toString);
            }
        }
    }
}
