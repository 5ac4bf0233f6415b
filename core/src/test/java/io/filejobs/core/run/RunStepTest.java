package io.filejobs.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.filejobs.core.job.Job;
import io.filejobs.core.job.Step;
import io.filejobs.core.step.StepFailedException;
import io.filejobs.core.step.TransferSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunStepTest extends RunTaskTestBase {

    private final StartRun startRun = bean(StartRun.class);
    private final RunStep runStep = bean(RunStep.class);

    @Test
    void aStepIsRunWithItsActionAndRecordedWithItsBytesAndAttempt() {
        put("bucket1", "step/in.txt", "twelve bytes");
        Job job = job(new Step(0, "c", TransferSpec.copy("bucket1/step/in.txt", "bucket2/step/out.txt")));
        ExecutionDocument doc = startRun.start(scheduled(job.id(), "2026-11-23T01:00:00Z"));
        assertEquals(List.of(new ExecutionDocument.ReadyStep(0, false, 0)), runStep.run(doc).ready(), "the run's document: step 0 is ready");

        ExecutionDocument next = runStep.run(doc.forStep(0));

        assertEquals(0, next.current());
        assertNull(next.continuation(), "the step ended");
        assertEquals(Boolean.TRUE, runStep.run(doc).done(), "no step is left");
        StepRun step = run(job.id(), doc.runId()).steps().get(0);
        assertEquals(StepRun.SUCCEEDED, step.status());
        assertEquals(12L, step.bytes());
        assertEquals(1, step.attempts());
        assertEquals("twelve bytes", s3.getObjectAsBytes(b -> b.bucket("bucket2").key("step/out.txt")).asUtf8String());
    }

    @Test
    void aFailureIsRecordedWithItsCodeAndThrownAsTheErrorTheStateMachineCatches() {
        Job job = job(new Step(0, "c", TransferSpec.copy("bucket1/step/missing.txt", "bucket2/step/never.txt")));
        ExecutionDocument doc = startRun.start(scheduled(job.id(), "2026-11-23T02:00:00Z")).forStep(0);

        StepFailedException thrown = assertThrows(StepFailedException.class, () -> runStep.run(doc));

        assertTrue(thrown.getMessage().startsWith("SOURCE_NOT_FOUND: "), thrown.getMessage());
        StepRun step = run(job.id(), doc.runId()).steps().get(0);
        assertEquals(StepRun.FAILED, step.status());
        assertEquals("SOURCE_NOT_FOUND", step.error().code());
        assertEquals(0, step.error().stepId());
    }

    @Test
    void aStepThatSucceededIsNotRunAgainWhenItsTaskIsDeliveredTwice() {
        put("bucket1", "step/twice.txt", "once");
        Job job = job(new Step(0, "c", TransferSpec.copy("bucket1/step/twice.txt", "bucket2/step/twice.txt")));
        ExecutionDocument doc = startRun.start(scheduled(job.id(), "2026-11-23T03:00:00Z")).forStep(0);
        runStep.run(doc);
        s3.deleteObject(b -> b.bucket("bucket2").key("step/twice.txt"));

        assertNull(runStep.run(doc).continuation());

        assertTrue(s3.listObjectsV2(b -> b.bucket("bucket2").prefix("step/twice")).contents().isEmpty(), "not copied again");
        assertEquals(1, run(job.id(), doc.runId()).steps().get(0).attempts());
    }

    @Test
    void aTemplatedDestinationIsFilledWithTheRunsLogicalTimeInTheJobsZone() {
        put("bucket1", "step/extract.csv", "a,b");
        Job job = jobIn("Europe/Berlin", new Step(0, "c", TransferSpec.copy("bucket1/step/extract.csv",
                "bucket2/dated/{date-P1D:yyyy/MM/dd}/{jobName}.csv")));
        // 1 am in Berlin on 28 November: the day before is the 27th.
        ExecutionDocument doc = startRun.start(scheduled(job.id(), "2026-11-28T00:00:00Z")).forStep(0);

        runStep.run(doc);

        assertEquals("a,b", s3.getObjectAsBytes(b -> b.bucket("bucket2").key("dated/2026/11/27/" + job.name() + ".csv")).asUtf8String());
    }

    @Test
    void aStepDeliveredAgainAfterItsRunEndedRunsNothing() {
        put("bucket1", "step/late.txt", "late");
        Job job = job(new Step(0, "c", TransferSpec.copy("bucket1/step/late.txt", "bucket2/step/late.txt")));
        ExecutionDocument doc = startRun.start(scheduled(job.id(), "2026-11-23T04:00:00Z"));
        bean(FinishRun.class).finish(new FinishRequest("FAILED", doc, null, new FinishRequest.Failure("States.Timeout", "timed out"), null));

        runStep.run(doc.forStep(0));

        assertEquals(Boolean.TRUE, runStep.run(doc).done(), "the run's document says nothing is left to run");
        assertTrue(s3.listObjectsV2(b -> b.bucket("bucket2").prefix("step/late")).contents().isEmpty(), "nothing was copied");
    }
}
