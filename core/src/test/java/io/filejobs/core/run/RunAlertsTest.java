package io.filejobs.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.filejobs.core.job.Job;
import io.filejobs.core.job.Step;
import io.filejobs.core.step.DeleteSpec;
import org.junit.jupiter.api.Test;

class RunAlertsTest extends RunTaskTestBase {

    private final RunAlerts alerts = bean(RunAlerts.class);

    @Test
    void anAlertNamesTheJobTheRunTheStepAndTheErrorAndLinksTheExecution() {
        Job job = job(new Step(0, "drop", new DeleteSpec("bucket1/alerts/a")));
        ExecutionDocument doc = bean(StartRun.class).start(scheduled(job.id(), "2026-11-26T01:00:00Z"));
        Run run = run(job.id(), doc.runId());

        FinishResult.Alert alert = alerts.of(run, RunStatus.FAILED, new RunError("ACCESS_DENIED", "access to bucket1 was denied", 0),
                "arn:aws:states:eu-central-1:123456789012:execution:filejobs-run:e1");

        assertEquals("FileJobs: run of " + job.name() + " failed (ACCESS_DENIED)", alert.subject());
        for (String part : new String[] {job.id(), doc.runId(), "\"stepName\":\"drop\"", "access to bucket1 was denied",
                "/jobs/" + job.id() + "/runs/" + doc.runId(), "https://eu-central-1.console.aws.amazon.com/states/home"}) {
            assertTrue(alert.message().contains(part), () -> part + " in " + alert.message());
        }
    }

    @Test
    void aSubjectStaysWithinWhatSnsAcceptsAndAnEmbeddedExecutionHasNoLink() {
        Job job = job(new Step(0, "drop", new DeleteSpec("bucket1/alerts/b")));
        ExecutionDocument doc = bean(StartRun.class).start(scheduled(job.id(), "2026-11-26T02:00:00Z"));
        FinishResult.Alert alert = alerts.of(run(job.id(), doc.runId()), RunStatus.FAILED, new RunError("X".repeat(200), "m", null),
                "local-execution");
        assertEquals(100, alert.subject().length());
        assertNull(RunAlerts.executionLink("local-execution"));
    }

    @Test
    void aTaskThatDiedOnItsOwnErrorIsDescribedWithoutItsClassOrTrace() {
        assertEquals("a task ended on an unexpected error (its log names it)",
                RunAlerts.describe(new FinishRequest.Failure("java.lang.NullPointerException", "at io.filejobs.core...")));
        assertEquals("States.Timeout: the task timed out", RunAlerts.describe(new FinishRequest.Failure("States.Timeout", "the task timed out")));
    }
}
