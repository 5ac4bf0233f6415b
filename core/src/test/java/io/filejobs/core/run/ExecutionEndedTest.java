package io.filejobs.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.filejobs.core.job.Job;
import io.filejobs.core.job.Step;
import io.filejobs.core.step.DeleteSpec;
import io.filejobs.core.trigger.Trigger;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExecutionEndedTest extends RunTaskTestBase {

    private final StartRun startRun = bean(StartRun.class);
    private final ExecutionEnded executionEnded = bean(ExecutionEnded.class);

    @Test
    void aRunItsExecutionLeftGoingIsRecordedFailedAndAlertedOnce() {
        Job job = job(new Step(0, "d", new DeleteSpec("bucket1/ended/a")));
        RunRequest request = scheduled(job.id(), "2026-11-25T01:00:00Z");
        ExecutionDocument doc = startRun.start(request);

        Optional<FinishResult.Alert> alert = executionEnded.ended(request, "exec-1", "TIMED_OUT", null, null);

        assertTrue(alert.isPresent());
        Run run = run(job.id(), doc.runId());
        assertEquals(RunStatus.FAILED, run.status());
        assertTrue(run.error().message().contains("States.TIMED_OUT"), run.error().message());
        assertEquals(Optional.empty(), executionEnded.ended(request, "exec-1", "TIMED_OUT", null, null), "a repeated event alerts nobody");
    }

    @Test
    void anExecutionWhoseInputNamesNoRunIsAlertedWithoutOne() {
        RunRequest request = new RunRequest("abcdefghijklm", Trigger.MANUAL, null, null, false);

        Optional<FinishResult.Alert> alert = executionEnded.ended(request, "exec-2", "ABORTED", null, null);

        assertTrue(alert.get().message().contains("States.ABORTED"), alert.get().message());
    }

    @Test
    void aScheduledExecutionThatEndedBeforeClaimingItsRunIsAlertedWithoutOne() {
        Job job = job(new Step(0, "d", new DeleteSpec("bucket1/ended/b")));

        Optional<FinishResult.Alert> alert = executionEnded.ended(scheduled(job.id(), "2026-11-25T02:00:00Z"), "exec-3", "FAILED",
                "States.Runtime", "the input could not be read");

        assertTrue(alert.get().subject().contains("could not start"), alert.get().subject());
    }
}
