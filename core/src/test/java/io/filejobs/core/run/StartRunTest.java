package io.filejobs.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.filejobs.core.error.FieldError;
import io.filejobs.core.job.Job;
import io.filejobs.core.job.JobValidation;
import io.filejobs.core.job.Step;
import io.filejobs.core.step.DeleteSpec;
import io.filejobs.core.step.TransferSpec;
import io.filejobs.core.store.JobTable;
import io.filejobs.core.store.RunLedger;
import io.filejobs.core.trigger.ManualTrigger;
import io.filejobs.core.trigger.ScheduleTrigger;
import io.filejobs.core.trigger.Trigger;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StartRunTest extends RunTaskTestBase {

    private final StartRun startRun = bean(StartRun.class);

    @Test
    void aScheduleClaimsTheRunOfItsTimeOnceAndADuplicateDeliveryStartsNothing() {
        Job job = job(new Step(0, "d", new DeleteSpec("bucket1/a")));
        ExecutionDocument first = startRun.start(scheduled(job.id(), "2026-11-22T01:00:00Z"));
        assertEquals(ExecutionDocument.RUN, first.outcome());
        assertEquals(new ScheduleTrigger(Instant.parse("2026-11-22T01:00:00Z")).runId(), first.runId());
        assertEquals(List.of(new ExecutionDocument.StepSummary(0, "d", "DELETE")), first.steps());
        Run run = run(job.id(), first.runId());
        assertEquals(RunStatus.RUNNING, run.status());
        assertEquals(Trigger.SCHEDULE, run.trigger());
        assertEquals("2026-11-22T01:00:00Z", run.scheduledTime());

        assertEquals(ExecutionDocument.DUPLICATE, startRun.start(scheduled(job.id(), "2026-11-22T01:00:00Z")).outcome());
    }

    @Test
    void aResumedRunGoesOnWithItsStepsThatHaveNotSucceeded() {
        Job job = job(new Step(0, "c", TransferSpec.copy("bucket1/a", "bucket1/b")), new Step(1, "d", new DeleteSpec("bucket1/a")));
        ExecutionDocument first = startRun.start(scheduled(job.id(), "2026-11-22T02:00:00Z"));
        bean(RunLedger.class).recordStep(job.id(), first.runId(), new StepRun(0, "c", "COPY", StepRun.SUCCEEDED, "t0", "t1", 1L, null, 1));

        ExecutionDocument resumed = startRun.start(RunRequest.resume(run(job.id(), first.runId())));

        assertEquals(ExecutionDocument.RUN, resumed.outcome());
        assertEquals(List.of(new ExecutionDocument.ReadyStep(1, false, 0)), bean(RunStep.class).run(resumed).ready());
    }

    @Test
    void aManualRunIsStartedOnlyWhenTheApiRecordedIt() {
        Job job = job(new Step(0, "d", new DeleteSpec("bucket1/a")));
        RunRequest unrecorded = ManualTrigger.at(Instant.now()).request(job.id());
        assertThrows(IllegalStateException.class, () -> startRun.start(unrecorded));
    }

    @Test
    void anInputWithoutWhatItsTriggerNeedsIsRefused() {
        Job job = job(new Step(0, "d", new DeleteSpec("bucket1/a")));
        assertThrows(IllegalArgumentException.class, () -> startRun.start(new RunRequest(job.id(), Trigger.SCHEDULE, null, null, false)));
        assertThrows(IllegalArgumentException.class, () -> startRun.start(new RunRequest(job.id(), Trigger.MANUAL, null, null, false)));
    }

    @Test
    void theRunOfAnInvalidJobIsSkippedWithItsReasons() {
        Job job = job(new Step(0, "d", new DeleteSpec("bucket1/a")));
        bean(JobTable.class).updateValidation(job.id(), job.version(),
                JobValidation.invalid(List.of(new FieldError("steps[0].source", "bucket 'bucket1' does not exist"))));

        ExecutionDocument skipped = startRun.start(scheduled(job.id(), "2026-11-22T03:00:00Z"));

        assertEquals(ExecutionDocument.SKIPPED, skipped.outcome());
        Run run = run(job.id(), skipped.runId());
        assertEquals(RunStatus.SKIPPED, run.status());
        assertEquals("JOB_INVALID", run.error().code());
        assertTrue(run.error().message().contains("steps[0].source"), run.error().message());
    }

    @Test
    void underOverlapSkipARunWhileTheJobsPreviousRunGoesIsSkippedNamingIt() {
        Job job = job(new Step(0, "d", new DeleteSpec("bucket1/a")));
        ExecutionDocument going = startRun.start(scheduled(job.id(), "2026-11-22T04:00:00Z"));

        ExecutionDocument second = startRun.start(scheduled(job.id(), "2026-11-22T05:00:00Z"));

        assertEquals(ExecutionDocument.OVERLAP, second.outcome());
        Run skipped = run(job.id(), second.runId());
        assertEquals(RunStatus.SKIPPED, skipped.status());
        assertEquals(StartRun.OVERLAP, skipped.error().code());
        assertTrue(skipped.error().message().contains(going.runId()), skipped.error().message());
    }
}
