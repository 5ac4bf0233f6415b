package io.filejobs.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.filejobs.core.job.Job;
import io.filejobs.core.job.Step;
import io.filejobs.core.step.DeleteSpec;
import io.filejobs.core.step.StepFailedException;
import io.filejobs.core.step.TransferSpec;
import io.filejobs.core.store.RunClaims;
import io.filejobs.core.store.RunLedger;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FinishRunTest extends RunTaskTestBase {

    private static final String EXECUTION = "arn:aws:states:eu-central-1:123456789012:execution:filejobs-run:e1";
    private final StartRun startRun = bean(StartRun.class);
    private final RunStep runStep = bean(RunStep.class);
    private final FinishRun finishRun = bean(FinishRun.class);

    @Test
    void aRunThatSucceededIsRecordedWithoutAnAlertAndGivesUpItsPlace() {
        Job job = job(new Step(0, "d", new DeleteSpec("bucket1/finish/gone.txt")));
        RunRequest request = scheduled(job.id(), "2026-11-24T01:00:00Z");
        ExecutionDocument doc = startRun.start(request);
        runStep.run(doc.forStep(0));

        FinishResult result = finishRun.finish(new FinishRequest("SUCCEEDED", doc, request, null, EXECUTION));

        assertEquals("SUCCEEDED", result.status());
        assertNull(result.alert());
        assertEquals(RunStatus.SUCCEEDED, run(job.id(), doc.runId()).status());
        assertEquals(Optional.empty(), bean(RunClaims.class).claimActive(job.id(), "another-run"), "the active place is free");
    }

    @Test
    void aFailedRunNamesItsFailedStepAndItsAlertSaysWhyInWords() {
        Job job = job(new Step(0, "c", TransferSpec.copy("bucket1/finish/missing.txt", "bucket2/finish/x.txt")));
        RunRequest request = scheduled(job.id(), "2026-11-24T02:00:00Z");
        ExecutionDocument doc = startRun.start(request);
        assertThrows(StepFailedException.class, () -> runStep.run(doc.forStep(0)));

        FinishResult result = finishRun.finish(new FinishRequest("FAILED", doc, request,
                new FinishRequest.Failure("StepFailed", "SOURCE_NOT_FOUND: ..."), EXECUTION));

        assertEquals("FAILED", result.status());
        Run run = run(job.id(), doc.runId());
        assertEquals(RunStatus.FAILED, run.status());
        assertEquals(new RunError("SOURCE_NOT_FOUND", run.steps().get(0).error().message(), 0), run.error());
        assertTrue(result.alert().subject().contains(job.name()) && result.alert().subject().contains("SOURCE_NOT_FOUND"),
                result.alert().subject());
        assertTrue(result.alert().message().contains("\"stepName\":\"c\""), result.alert().message());
    }

    @Test
    void aStepLeftRunningByADeadTaskIsMarkedFailedAndItsRecordedUploadAborted() {
        Job job = job(new Step(0, "c", TransferSpec.copy("bucket1/finish/big.bin", "bucket2/finish/big.bin")));
        RunRequest request = scheduled(job.id(), "2026-11-24T03:00:00Z");
        ExecutionDocument doc = startRun.start(request);
        RunLedger ledger = bean(RunLedger.class);
        // What a task that died mid-copy leaves: its step RUNNING and its upload recorded.
        ledger.recordStep(job.id(), doc.runId(), new StepRun(0, "c", "COPY", StepRun.RUNNING, "t0", null, null, null, 1));
        String uploadId = s3.createMultipartUpload(b -> b.bucket("bucket2").key("finish/big.bin")).uploadId();
        ledger.recordUpload(job.id(), doc.runId(), 0, "bucket2/finish/big.bin", uploadId);

        FinishResult result = finishRun.finish(new FinishRequest("FAILED", doc, request,
                new FinishRequest.Failure("States.Timeout", "the task timed out"), EXECUTION));

        assertEquals("FAILED", result.status());
        Run run = run(job.id(), doc.runId());
        assertEquals(StepRun.FAILED, run.steps().get(0).status());
        assertTrue(run.error().message().contains("States.Timeout"), run.error().message());
        assertTrue(s3.listMultipartUploads(b -> b.bucket("bucket2")).uploads().isEmpty(), "the upload is aborted");
        assertTrue(ledger.uploads(job.id(), doc.runId()).isEmpty());
    }

    @Test
    void anExecutionThatNeverRecordedItsRunIsStillAlerted() {
        RunRequest request = new RunRequest("abcdefghijklm", io.filejobs.core.trigger.Trigger.MANUAL, null, null, false);

        FinishResult result = finishRun.finish(new FinishRequest("FAILED", null, request,
                new FinishRequest.Failure("java.lang.IllegalStateException", "at io.filejobs..."), EXECUTION));

        assertEquals("FAILED", result.status());
        assertTrue(result.alert().message().contains("a task ended on an unexpected error"), result.alert().message());
        assertTrue(!result.alert().message().contains("IllegalStateException"), "no class names");
    }
}
