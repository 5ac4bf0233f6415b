package io.filejobs.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.filejobs.core.job.Job;
import io.filejobs.core.job.Step;
import io.filejobs.core.metrics.MetricLines;
import io.filejobs.core.metrics.MetricsConfiguration;
import io.filejobs.core.metrics.RunMetrics;
import io.filejobs.core.step.DeleteSpec;
import io.filejobs.core.step.StepFailedException;
import io.filejobs.core.step.TransferSpec;
import io.filejobs.core.step.set.ObjectSelector;
import io.filejobs.core.testing.EmfDocuments;
import io.filejobs.core.trigger.Trigger;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The metrics a run's end writes (the workflow's last task, {@link FinishRun}): one Embedded Metric
 * Format document for the run and one for each step that started, with the values the run ledger
 * holds, each document held to the format's rules.
 */
class RunMetricsTest extends RunTaskTestBase {

    private final StartRun startRun = bean(StartRun.class);
    private final RunStep runStep = bean(RunStep.class);
    private final FinishRun finishRun = bean(FinishRun.class);

    @Test
    void aSucceededRunReportsItsOutcomeAndEveryStepWithItsBytes() throws Exception {
        put("bucket1", "metrics/a.txt", "eleven byte");
        Job job = job(new Step(0, "copy", TransferSpec.copy("bucket1/metrics/a.txt", "bucket2/metrics/a.txt")),
                new Step(1, "clean", new DeleteSpec("bucket1/metrics/a.txt")));
        RunRequest request = scheduled(job.id(), "2026-11-24T01:00:00Z");
        ExecutionDocument doc = startRun.start(request);
        runStep.run(doc.forStep(0));
        runStep.run(doc.forStep(1));

        List<Map<String, Object>> documents = captured(() -> finishRun.finish(new FinishRequest("SUCCEEDED", doc, request, null, null)));

        assertEquals(3, documents.size(), documents::toString);
        Map<String, Object> run = documents.get(0);
        assertEquals("FileJobs", EmfDocuments.namespace(run));
        assertEquals(List.of(List.of("Outcome")), EmfDocuments.dimensions(run));
        assertEquals(Map.of("Runs", "Count", "RunDuration", "Milliseconds"), EmfDocuments.metrics(run));
        assertEquals("SUCCEEDED", run.get("Outcome"));
        assertEquals(1, ((Number) run.get("Runs")).intValue());
        assertTrue(((Number) run.get("RunDuration")).longValue() >= 0, run::toString);
        assertEquals(job.id(), run.get("jobId"));
        assertEquals(doc.runId(), run.get("runId"));
        assertEquals("SCHEDULE", run.get("trigger"));

        Map<String, Object> copy = documents.get(1);
        assertEquals(List.of(List.of("Action")), EmfDocuments.dimensions(copy));
        assertEquals(Map.of("StepDuration", "Milliseconds", "StepBytes", "Bytes", "StepAttempts", "Count"), EmfDocuments.metrics(copy));
        assertEquals("COPY", copy.get("Action"));
        assertEquals(11, ((Number) copy.get("StepBytes")).intValue());
        assertEquals(1, ((Number) copy.get("StepAttempts")).intValue());
        assertEquals(0, ((Number) copy.get("stepId")).intValue());
        assertEquals("copy", copy.get("stepName"));
        assertEquals("SUCCEEDED", copy.get("outcome"));
        assertEquals(job.id(), copy.get("jobId"));
        assertEquals(doc.runId(), copy.get("runId"));
        Run recorded = run(job.id(), doc.runId());
        assertEquals(java.time.Duration.between(java.time.Instant.parse(recorded.steps().get(0).startedAt()),
                java.time.Instant.parse(recorded.steps().get(0).finishedAt())).toMillis(), ((Number) copy.get("StepDuration")).longValue());
        assertEquals("DELETE", documents.get(2).get("Action"));
    }

    @Test
    void aFailedRunReportsTheErrorAndNoStepThatNeverStarted() throws Exception {
        Job job = job(new Step(0, "copy", TransferSpec.copy("bucket1/metrics/missing.txt", "bucket2/metrics/x.txt")),
                new Step(1, "clean", new DeleteSpec("bucket1/metrics/missing.txt")));
        RunRequest request = scheduled(job.id(), "2026-11-24T02:00:00Z");
        ExecutionDocument doc = startRun.start(request);
        assertThrows(StepFailedException.class, () -> runStep.run(doc.forStep(0)));

        List<Map<String, Object>> documents = captured(() -> finishRun.finish(new FinishRequest("FAILED", doc, request,
                new FinishRequest.Failure("StepFailed", "SOURCE_NOT_FOUND: ..."), null)));

        assertEquals(2, documents.size(), "the run and its one step that started: " + documents);
        assertEquals("FAILED", documents.get(0).get("Outcome"));
        assertEquals("SOURCE_NOT_FOUND", documents.get(0).get("errorCode"));
        assertEquals(0, ((Number) documents.get(0).get("errorStepId")).intValue());
        assertEquals("FAILED", documents.get(1).get("outcome"));
        assertEquals("SOURCE_NOT_FOUND", documents.get(1).get("errorCode"));
        assertNull(documents.get(1).get("StepBytes"), "a step that copied nothing has no bytes");
    }

    @Test
    void aSetStepReportsItsObjects() throws Exception {
        for (int i = 0; i < 3; i++) {
            put("bucket1", "metrics-set/f" + i + ".csv", "row " + i);
        }
        Job job = job(new Step(0, "copy-all", new TransferSpec("COPY", null, new ObjectSelector("bucket1/metrics-set/", null,
                ObjectSelector.Order.KEY, ObjectSelector.IfEmpty.FAIL), "bucket2/metrics-set/{relativeKey}", null)));
        RunRequest request = scheduled(job.id(), "2026-11-24T03:00:00Z");
        ExecutionDocument doc = startRun.start(request);
        runStep.run(doc.forStep(0));

        List<Map<String, Object>> documents = captured(() -> finishRun.finish(new FinishRequest("SUCCEEDED", doc, request, null, null)));

        Map<String, Object> step = documents.get(1);
        assertEquals(Map.of("StepDuration", "Milliseconds", "StepBytes", "Bytes", "StepAttempts", "Count", "StepObjects", "Count",
                "StepObjectsFailed", "Count"), EmfDocuments.metrics(step));
        assertEquals(3, ((Number) step.get("StepObjects")).intValue());
        assertEquals(0, ((Number) step.get("StepObjectsFailed")).intValue());
        assertEquals(15, ((Number) step.get("StepBytes")).intValue());
    }

    @Test
    void aRunThatNeverRecordedItselfStillCountsAsFailed() throws Exception {
        RunRequest request = new RunRequest("abcdefghijklm", Trigger.MANUAL, null, null, false);

        List<Map<String, Object>> documents = captured(() -> finishRun.finish(new FinishRequest("FAILED", null, request,
                new FinishRequest.Failure("java.lang.IllegalStateException", "..."), null)));

        assertEquals(1, documents.size(), documents::toString);
        assertEquals("FAILED", documents.get(0).get("Outcome"));
        assertEquals("abcdefghijklm", documents.get(0).get("jobId"));
        assertEquals("INTERNAL", documents.get(0).get("errorCode"));
    }

    @Test
    void theNamespaceIsASettingAndMetricsCanBeTurnedOff() throws Exception {
        Job job = job(new Step(0, "clean", new DeleteSpec("bucket1/metrics/nothing.txt")));
        RunRequest request = scheduled(job.id(), "2026-11-24T04:00:00Z");
        ExecutionDocument doc = startRun.start(request);
        runStep.run(doc.forStep(0));
        finishRun.finish(new FinishRequest("SUCCEEDED", doc, request, null, null));
        Run ended = run(job.id(), doc.runId());
        MetricsConfiguration configuration = new MetricsConfiguration();
        configuration.setNamespace("FileJobs/prod");
        RunMetrics metrics = new RunMetrics(configuration, bean(MetricLines.class));

        assertEquals("FileJobs/prod", EmfDocuments.namespace(captured(() -> {
            metrics.ended(ended);
            return null;
        }).get(0)));
        configuration.setEnabled(false);
        assertEquals(List.of(), captured(() -> {
            metrics.ended(ended);
            return null;
        }));
    }

    /** The metric documents written through the metrics logger while {@code work} runs. */
    private static List<Map<String, Object>> captured(Callable<?> work) throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(MetricLines.LOGGER);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        Level level = logger.getLevel();
        logger.setLevel(Level.INFO);
        logger.addAppender(appender);
        try {
            work.call();
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(level);
        }
        return EmfDocuments.of(appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList());
    }
}
