package io.filejobs.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.filejobs.core.config.FileJobsConfiguration;
import io.filejobs.core.run.Run;
import io.filejobs.core.run.RunError;
import io.filejobs.core.run.RunStatus;
import io.filejobs.core.run.StepRun;
import io.filejobs.core.trigger.Trigger;
import io.filejobs.storage.local.LocalDynamoDb;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RunLedgerTest {

    private static LocalDynamoDb dynamo;
    private RunLedger ledger;

    @BeforeAll
    static void start() {
        dynamo = LocalDynamoDb.inMemory();
    }

    @AfterAll
    static void stop() {
        dynamo.close();
    }

    @BeforeEach
    void freshTable() {
        FileJobsConfiguration config = new FileJobsConfiguration();
        config.setRunsTable("runs-" + UUID.randomUUID().toString().substring(0, 8));
        ledger = new RunLedger(dynamo.client(), config, Clock.systemUTC());
        ledger.createIfMissing();
    }

    private static Run queued(String jobId, String runId, Trigger trigger) {
        return new Run(runId, jobId, 3, trigger, null, null, RunStatus.QUEUED, "2026-11-22T01:00:00Z", null, null,
                List.of(new StepRun(0, "copy", "COPY", StepRun.PENDING, null, null, null, null, 0),
                        new StepRun(1, "drop", "DELETE", StepRun.PENDING, null, null, null, null, 0)),
                null, "jobs/x/v3-abc.json");
    }

    @Test
    void aRunIsCreatedOnceAndADuplicateGetsTheExistingOne() {
        String runId = new io.filejobs.core.trigger.ScheduleTrigger(Instant.parse("2026-11-22T00:00:00Z")).runId();
        assertEquals("20261122T000000000Z-s", runId);
        RunLedger.Created first = ledger.create(queued("job1", runId, Trigger.SCHEDULE));
        assertTrue(first.created());
        assertTrue(ledger.start("job1", runId, "2026-11-22T00:00:01Z"));

        RunLedger.Created duplicate = ledger.create(queued("job1", runId, Trigger.SCHEDULE));

        assertFalse(duplicate.created());
        assertEquals(RunStatus.RUNNING, duplicate.run().status(), "the existing run, untouched");
        assertEquals(3, duplicate.run().jobVersion());
        assertEquals("jobs/x/v3-abc.json", duplicate.run().definitionKey());
    }

    @Test
    void statusOnlyMovesForward() {
        String runId = io.filejobs.core.trigger.ManualTrigger.at(Instant.now()).runId();
        ledger.create(queued("job2", runId, Trigger.MANUAL));
        assertFalse(ledger.finish("job2", runId, RunStatus.SUCCEEDED, "t", null), "QUEUED cannot jump to SUCCEEDED");
        assertTrue(ledger.start("job2", runId, "t"));
        assertFalse(ledger.start("job2", runId, "t"), "RUNNING twice");
        assertTrue(ledger.finish("job2", runId, RunStatus.FAILED, "t", new RunError("SOURCE_NOT_FOUND", "gone", 1)));
        assertFalse(ledger.finish("job2", runId, RunStatus.SUCCEEDED, "t", null), "a failed run stays failed");
        assertFalse(ledger.finish("job2", runId, RunStatus.SKIPPED, "t", null), "a finished run is not skipped");
        Run run = ledger.get("job2", runId).orElseThrow();
        assertEquals(RunStatus.FAILED, run.status());
        assertEquals(new RunError("SOURCE_NOT_FOUND", "gone", 1), run.error());
        assertFalse(ledger.start("job2", "20990101T000000000Z-s", "t"), "no such run");
    }

    /** A running run may end SKIPPED: a step whose object set was empty, with ifEmpty SKIP, skips it. */
    @Test
    void aRunningRunMayBeSkippedByItsStep() {
        String runId = io.filejobs.core.trigger.ManualTrigger.at(Instant.now()).runId();
        ledger.create(queued("job7", runId, Trigger.MANUAL));
        assertTrue(ledger.start("job7", runId, "t"));
        assertTrue(ledger.finish("job7", runId, RunStatus.SKIPPED, "t", new RunError("NO_OBJECTS", "none", 0)));
        assertFalse(ledger.finish("job7", runId, RunStatus.SUCCEEDED, "t", null), "a skipped run stays skipped");
        assertEquals(RunStatus.SKIPPED, ledger.get("job7", runId).orElseThrow().status());
    }

    @Test
    void stepResultsAreRecordedOnlyWhileTheRunIsRunning() {
        String runId = io.filejobs.core.trigger.ManualTrigger.at(Instant.now()).runId();
        ledger.create(queued("job3", runId, Trigger.MANUAL));
        StepRun done = new StepRun(1, "drop", "DELETE", StepRun.SUCCEEDED, "t0", "t1", 42L, null, 1);
        assertFalse(ledger.recordStep("job3", runId, done), "not while QUEUED");
        ledger.start("job3", runId, "t");
        assertTrue(ledger.recordStep("job3", runId, done));
        Run run = ledger.get("job3", runId).orElseThrow();
        assertEquals(StepRun.PENDING, run.steps().get(0).status());
        assertEquals(done, run.steps().get(1));
        ledger.finish("job3", runId, RunStatus.SUCCEEDED, "t", null);
        assertFalse(ledger.recordStep("job3", runId, done), "not after the run finished");
    }

    @Test
    void runsArePagedNewestFirst() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = new io.filejobs.core.trigger.ScheduleTrigger(Instant.parse("2026-11-0" + (i + 1) + "T01:00:00Z")).runId();
            ids.add(0, id);
            ledger.create(queued("job4", id, Trigger.SCHEDULE));
        }
        ledger.create(queued("other-job", io.filejobs.core.trigger.ManualTrigger.at(Instant.now()).runId(), Trigger.MANUAL));
        List<String> seen = new ArrayList<>();
        String after = null;
        do {
            RunLedger.Page page = ledger.list("job4", 2, after);
            page.runs().forEach(r -> seen.add(r.runId()));
            after = page.lastRunId();
        } while (after != null);
        assertEquals(ids, seen);
        assertEquals(null, ledger.list("job4", 5, null).lastRunId(), "a full last page has no cursor");
    }
}
