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
import io.filejobs.core.run.ExecutionDocument;
import io.filejobs.core.run.FinishRequest;
import io.filejobs.core.run.RunRequest;
import io.filejobs.core.run.StartRun;
import io.filejobs.core.testing.EmfDocuments;
import io.filejobs.core.testing.MainLogging;
import io.filejobs.core.trigger.ScheduleTrigger;
import io.filejobs.steplambdas.deployed.InProcessLambdaContext;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Lambdas' own logging configuration (JsonLogConfigurator): every line a handler
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

    /**
     * The finish-run Lambda writes the run's metrics as bare Embedded Metric Format lines (CloudWatch
     * Logs reads only those), beside its JSON log lines.
     */
    @Test
    void theFinishRunLambdaWritesTheRunsMetricsAsBareEmfLines() throws Exception {
        List<String> lines;
        String runId;
        try (ApplicationContext context = ApplicationContext.run(Map.of(
                "filejobs.embedded.s3.enabled", true, "filejobs.embedded.s3.port", 0,
                "filejobs.embedded.s3.dir", Files.createTempDirectory("emf-test").toString(),
                "filejobs.embedded.dynamodb.enabled", true, "filejobs.storage.create-if-missing", true, "aws.region", "us-east-1",
                "filejobs.metrics.namespace", "FileJobs/test"))) {
            Job job = context.getBean(JobService.class).create(new JobDefinition("measured", null, null, "UTC", JobState.ENABLED,
                    List.of(new Step(0, "d", new DeleteSpec("some-bucket/a")))));
            RunRequest request = new ScheduleTrigger(Instant.parse("2026-11-24T01:00:00Z")).request(job.id());
            ExecutionDocument doc = context.getBean(StartRun.class).start(request);
            runId = doc.runId();
            FinishRunFunction function = new FinishRunFunction(context);

            lines = MainLogging.capture(() -> function.handleRequest(new FinishRequest("FAILED", doc, request,
                    new FinishRequest.Failure("States.TaskFailed", "the task failed"), null),
                    InProcessLambdaContext.of("filejobs-finish-run", "live", 512, 60)));
        }
        List<Map<String, Object>> documents = EmfDocuments.of(lines);
        assertEquals(1, documents.size(), "the run's document (no step started): " + lines);
        Map<String, Object> run = documents.get(0);
        assertEquals("FileJobs/test", EmfDocuments.namespace(run));
        assertEquals("FAILED", run.get("Outcome"));
        assertEquals(runId, run.get("runId"));
        assertEquals(1, ((Number) run.get("Runs")).intValue());
        JsonMapper json = JsonMapper.createDefault();
        for (String line : lines) {
            Map<String, Object> parsed = json.readValue(line, Argument.mapOf(String.class, Object.class));
            assertTrue(parsed.containsKey("_aws") || parsed.containsKey("formattedMessage"), "a metric document or a log line: " + line);
        }
    }
}
