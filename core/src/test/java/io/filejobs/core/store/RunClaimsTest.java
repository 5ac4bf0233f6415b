package io.filejobs.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.filejobs.core.config.FileJobsConfiguration;
import io.filejobs.core.run.Run;
import io.filejobs.core.run.RunStatus;
import io.filejobs.core.trigger.Trigger;
import io.filejobs.storage.local.LocalDynamoDb;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RunClaimsTest {

    private static LocalDynamoDb dynamo;
    private RunLedger ledger;
    private RunClaims claims;

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
        claims = new RunClaims(dynamo.client(), ledger);
    }

    private void queued(String jobId, String runId) {
        ledger.create(new Run(runId, jobId, 1, Trigger.MANUAL, null, null, RunStatus.QUEUED, "2026-11-22T01:00:00Z", null, null, List.of(), null,
                "jobs/x/v1.json"));
    }

    @Test
    void anIdempotencyKeyIsBoundToTheFirstRunOnly() {
        assertEquals(Optional.empty(), claims.claimIdempotencyKey("job5", "nightly-2026-11-22", "run-a"));
        assertEquals(Optional.of("run-a"), claims.claimIdempotencyKey("job5", "nightly-2026-11-22", "run-b"));
        assertEquals(Optional.empty(), claims.claimIdempotencyKey("job6", "nightly-2026-11-22", "run-c"), "keys are per job");
        assertEquals(0, ledger.list("job5", 10, null).runs().size(), "key items are not runs");
    }

    @Test
    void theActivePlaceHasOneHolderWhileItsRunGoes() {
        queued("job1", "run-a");
        queued("job1", "run-b");
        assertEquals(Optional.empty(), claims.claimActive("job1", "run-a"));
        assertEquals(Optional.empty(), claims.claimActive("job1", "run-a"), "the holder may claim again");
        assertEquals(Optional.of("run-a"), claims.claimActive("job1", "run-b"));
        assertEquals(Optional.empty(), claims.claimActive("job2", "run-b"), "places are per job");
        assertEquals(2, ledger.list("job1", 10, null).runs().size(), "the place is not a run");
    }

    @Test
    void aPlaceIsFreedByItsHolderOnlyOrTakenOverOnceItsRunFinished() {
        queued("job3", "run-a");
        queued("job3", "run-b");
        claims.claimActive("job3", "run-a");
        claims.releaseActive("job3", "run-b");
        assertEquals(Optional.of("run-a"), claims.claimActive("job3", "run-b"), "a non-holder's release frees nothing");

        // A holder that finished without releasing (its finish task never ran) blocks nothing.
        ledger.start("job3", "run-a", "2026-11-22T01:00:01Z");
        ledger.finish("job3", "run-a", RunStatus.FAILED, "2026-11-22T01:00:02Z", null);
        assertEquals(Optional.empty(), claims.claimActive("job3", "run-b"));

        claims.releaseActive("job3", "run-b");
        queued("job3", "run-c");
        assertEquals(Optional.empty(), claims.claimActive("job3", "run-c"), "released by its holder");
    }

    @Test
    void theQueueHandsOutItsRunsOldestFirstAndEachOnce() {
        assertEquals(Optional.empty(), claims.oldestQueued("job7"));
        claims.enqueue("job7", "20261122T020000000Z-s");
        claims.enqueue("job7", "20261122T010000000Z-s");
        claims.enqueue("job7", "20261122T010000000Z-s");
        claims.enqueue("job8", "20261122T000000000Z-s");
        assertEquals(Optional.of("20261122T010000000Z-s"), claims.oldestQueued("job7"), "run ids sort by their times");
        assertEquals(true, claims.dequeue("job7", "20261122T010000000Z-s"));
        assertEquals(false, claims.dequeue("job7", "20261122T010000000Z-s"), "only one taker");
        assertEquals(Optional.of("20261122T020000000Z-s"), claims.oldestQueued("job7"));
        assertEquals(0, ledger.list("job7", 10, null).runs().size(), "queue items are not runs");
    }
}
