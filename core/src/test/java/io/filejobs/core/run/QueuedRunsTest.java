package io.filejobs.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.filejobs.core.config.FileJobsConfiguration;
import io.filejobs.core.store.RunClaims;
import io.filejobs.core.store.RunLedger;
import io.filejobs.core.trigger.Trigger;
import io.filejobs.storage.local.LocalDynamoDb;
import io.micronaut.context.BeanProvider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Handing the active-run place on under overlap QUEUE, and starting again a run whose start was lost. */
class QueuedRunsTest {

    private static LocalDynamoDb dynamo;
    private RunLedger ledger;
    private RunClaims claims;
    private final List<RunRequest> launched = new ArrayList<>();
    private final BeanProvider<RunLauncher> launcher = new BeanProvider<>() {
        @Override
        public RunLauncher get() {
            return launched::add;
        }

        @Override
        public boolean isPresent() {
            return true;
        }
    };

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

    private void queued(String runId) {
        ledger.create(new Run(runId, "job", 1, Trigger.MANUAL, null, null, RunStatus.QUEUED, "2026-11-22T01:00:00Z", null, null, List.of(),
                null, "jobs/x/v1.json"));
        claims.enqueue("job", runId);
    }

    private QueuedRuns queue(Duration later) {
        return new QueuedRuns(claims, ledger, launcher, Clock.offset(Clock.system(ZoneOffset.UTC), later));
    }

    @Test
    void theRunThatWaitedLongestIsHandedThePlaceAndStartedOnce() {
        queued("20261122T020000000Z-s");
        queued("20261122T010000000Z-s");

        queue(Duration.ZERO).startNext("job");
        queue(Duration.ZERO).startNext("job");

        assertEquals(List.of("20261122T010000000Z-s"), launched.stream().map(RunRequest::runId).toList(), "the older run, once");
        assertEquals(true, launched.get(0).resume());
        assertEquals("20261122T010000000Z-s", claims.holder("job").orElseThrow().runId());
        assertEquals(false, claims.isQueued("job", "20261122T010000000Z-s"));
        assertEquals(true, claims.isQueued("job", "20261122T020000000Z-s"), "the next waits for that one to finish");
    }

    @Test
    void aRunHandedThePlaceWhoseStartWasLostIsStartedAgainAfterTheGraceOnly() {
        queued("20261122T010000000Z-s");
        // The run's starter died between taking it out of the queue and starting it.
        claims.claimActive("job", "20261122T010000000Z-s");
        claims.dequeue("job", "20261122T010000000Z-s");

        queue(Duration.ofMinutes(1)).rescue("job");
        assertEquals(List.of(), launched, "a start may still be on its way");

        queue(QueuedRuns.START_GRACE.plusMinutes(1)).rescue("job");
        assertEquals(List.of("20261122T010000000Z-s"), launched.stream().map(RunRequest::runId).toList());

        launched.clear();
        ledger.start("job", "20261122T010000000Z-s", Instant.now().toString());
        queue(QueuedRuns.START_GRACE.plusMinutes(1)).rescue("job");
        assertEquals(List.of(), launched, "a run that started is not started again");
    }
}
