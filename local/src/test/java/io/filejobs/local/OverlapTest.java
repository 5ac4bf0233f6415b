package io.filejobs.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.filejobs.core.run.Run;
import io.filejobs.core.run.RunStatus;
import io.filejobs.core.store.RunLedger;
import io.filejobs.core.testing.Eventually;
import io.filejobs.local.workflow.FaultInjection;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The overlap policy, with the embedded scheduler driven to explicit times and a COPY held until
 * the test lets it go, so the job's first run is still RUNNING when the next time fires.
 */
class OverlapTest {

    private static final String KEY = "overlap-key";
    /** Fire times on New Year 2099, 2100 and 2101: far from any tick of the scheduler's own clock. */
    private static final String SCHEDULE = "cron(0 3 1 1 ? 2099-2101)";

    @AfterEach
    void release() {
        CountDownLatch hold = FaultInjection.holdCopies;
        FaultInjection.holdCopies = null;
        if (hold != null) {
            hold.countDown();
        }
    }

    private static String job(LocalFixture local, String overlap) {
        local.s3.putObject(b -> b.bucket("bucket1").key("in.txt"), RequestBody.fromString("payload"));
        var created = local.call("POST", "/jobs", "{\"name\":\"overlapping\",\"schedule\":\"" + SCHEDULE + "\"," + overlap
                + "\"steps\":[{\"id\":0,\"name\":\"c\",\"action\":\"COPY\",\"source\":\"bucket1/in.txt\",\"destination\":\"bucket2/out.txt\"}]}");
        assertEquals(201, created.status(), created::toString);
        return (String) created.json().get("id");
    }

    private static Instant newYear(int year) {
        return Instant.parse(year + "-01-01T03:00:00Z");
    }

    /** The job's runs, oldest first, once {@code done} holds for them. */
    private static List<Run> runs(LocalFixture local, String jobId, String what, java.util.function.Predicate<List<Run>> done) {
        RunLedger ledger = local.runtime.context().getBean(RunLedger.class);
        return Eventually.await(what, Duration.ofSeconds(30),
                () -> ledger.list(jobId, 10, null).runs().stream().sorted(Comparator.comparing(Run::runId)).toList(), done);
    }

    private static LocalFixture start() throws Exception {
        return LocalFixture.start(KEY, Map.of(), Map.of("test.fault-injection", "true"));
    }

    @Test
    void skipRecordsATriggerDuringARunningRunAsSkippedOverlapAndTheNextTimeRunsAgain() throws Exception {
        try (LocalFixture local = start()) {
            String jobId = job(local, "");
            assertEquals("SKIP", local.call("GET", "/jobs/" + jobId, null).json().get("overlap"), "SKIP is the default");
            EmbeddedScheduler scheduler = local.runtime.context().getBean(EmbeddedScheduler.class);
            FaultInjection.holdCopies = new CountDownLatch(1);

            scheduler.tick(newYear(2099).plusSeconds(1));
            runs(local, jobId, "the 2099 run RUNNING", r -> r.size() == 1 && r.get(0).status() == RunStatus.RUNNING);
            scheduler.tick(newYear(2100).plusSeconds(1));
            List<Run> both = runs(local, jobId, "the 2100 run skipped", r -> r.size() == 2 && r.get(1).status().finished());

            Run skipped = both.get(1);
            assertEquals(RunStatus.SKIPPED, skipped.status());
            assertEquals(newYear(2100).toString(), skipped.scheduledTime());
            assertEquals("OVERLAP", skipped.error().code());
            assertEquals("run " + both.get(0).runId() + " of this job was still going; the job's overlap policy is SKIP", skipped.error().message());
            assertEquals(RunStatus.RUNNING, both.get(0).status());

            FaultInjection.holdCopies.countDown();
            runs(local, jobId, "the 2099 run done", r -> r.get(0).status() == RunStatus.SUCCEEDED);
            scheduler.tick(newYear(2101).plusSeconds(1));
            List<Run> all = runs(local, jobId, "the 2101 run done", r -> r.size() == 3 && r.get(2).status().finished());
            assertEquals(List.of(RunStatus.SUCCEEDED, RunStatus.SKIPPED, RunStatus.SUCCEEDED), all.stream().map(Run::status).toList(),
                    "once the first run finished, the job runs again");
            var api = local.call("GET", "/jobs/" + jobId + "/runs/" + skipped.runId(), null);
            assertEquals("OVERLAP", ((Map<?, ?>) api.json().get("error")).get("code"), api::toString);
            assertEquals(0, notifications(local), "a skipped overlap is not a failure: no alert");
        }
    }

    @Test
    void allowRunsATriggerAlongsideTheRunningRun() throws Exception {
        try (LocalFixture local = start()) {
            String jobId = job(local, "\"overlap\":\"ALLOW\",");
            EmbeddedScheduler scheduler = local.runtime.context().getBean(EmbeddedScheduler.class);
            FaultInjection.holdCopies = new CountDownLatch(1);

            scheduler.tick(newYear(2099).plusSeconds(1));
            runs(local, jobId, "the 2099 run RUNNING", r -> r.size() == 1 && r.get(0).status() == RunStatus.RUNNING);
            scheduler.tick(newYear(2100).plusSeconds(1));
            runs(local, jobId, "two runs RUNNING at once", r -> r.size() == 2 && r.stream().allMatch(x -> x.status() == RunStatus.RUNNING));

            FaultInjection.holdCopies.countDown();
            List<Run> done = runs(local, jobId, "both done", r -> r.size() == 2 && r.stream().allMatch(x -> x.status().finished()));
            assertEquals(List.of(RunStatus.SUCCEEDED, RunStatus.SUCCEEDED), done.stream().map(Run::status).toList());
        }
    }

    /**
     * QUEUE keeps the runs that fire while one runs QUEUED, then runs them one at a time in the
     * order of their times; a manual run asked for meanwhile queues behind them. Two holds of the
     * COPY make the queue visible at each turn.
     */
    @Test
    void queueKeepsRunsWaitingAndRunsThemOneAtATimeInOrder() throws Exception {
        try (LocalFixture local = start()) {
            String jobId = job(local, "\"overlap\":\"QUEUE\",");
            assertEquals("QUEUE", local.call("GET", "/jobs/" + jobId, null).json().get("overlap"));
            io.filejobs.core.testing.Eventually.await("job checked", Duration.ofSeconds(20),
                    () -> ((Map<?, ?>) local.call("GET", "/jobs/" + jobId, null).json().get("validation")).get("status"), "VALID"::equals);
            EmbeddedScheduler scheduler = local.runtime.context().getBean(EmbeddedScheduler.class);
            CountDownLatch first = new CountDownLatch(1);
            FaultInjection.holdCopies = first;

            scheduler.tick(newYear(2099).plusSeconds(1));
            runs(local, jobId, "the 2099 run RUNNING", r -> r.size() == 1 && r.get(0).status() == RunStatus.RUNNING);
            // One tick past both times fires 2100 and 2101 while 2099 still runs.
            scheduler.tick(newYear(2101).plusSeconds(1));
            runs(local, jobId, "two runs waiting", r -> r.size() == 3);
            // The waiting runs' executions end, leaving them QUEUED: only the held run's is still going.
            io.filejobs.local.workflow.EmbeddedRunLauncher executions = local.runtime.context()
                    .getBean(io.filejobs.local.workflow.EmbeddedRunLauncher.class);
            io.filejobs.core.testing.Eventually.await("the waiting runs' executions ended", Duration.ofSeconds(30), executions::pending,
                    n -> n == 1);
            List<Run> waiting = runs(local, jobId, "two runs still waiting", r -> r.size() == 3);
            assertEquals(List.of(RunStatus.RUNNING, RunStatus.QUEUED, RunStatus.QUEUED), waiting.stream().map(Run::status).toList(),
                    "nothing skipped, nothing run alongside");

            // The 2100 run's turn comes next, then 2101's: the order is the runs' times.
            CountDownLatch second = new CountDownLatch(1);
            FaultInjection.holdCopies = second;
            first.countDown();
            List<Run> turn = runs(local, jobId, "the 2100 run RUNNING", r -> r.get(0).status() == RunStatus.SUCCEEDED
                    && r.get(1).status() == RunStatus.RUNNING);
            assertEquals(RunStatus.QUEUED, turn.get(2).status(), "one at a time");

            FaultInjection.holdCopies = null;
            second.countDown();
            List<Run> done = runs(local, jobId, "all done", r -> r.stream().allMatch(x -> x.status().finished()));
            assertEquals(List.of(RunStatus.SUCCEEDED, RunStatus.SUCCEEDED, RunStatus.SUCCEEDED), done.stream().map(Run::status).toList());
            for (int i = 1; i < done.size(); i++) {
                assertTrue(Instant.parse(done.get(i).startedAt()).compareTo(Instant.parse(done.get(i - 1).finishedAt())) >= 0,
                        "run " + i + " started after run " + (i - 1) + " finished: " + done);
            }
            assertEquals(0, notifications(local), "waiting is not a failure: no alert");
        }
    }

    private static long notifications(LocalFixture local) throws java.io.IOException {
        var file = local.dataDir.resolve("notifications.jsonl");
        return java.nio.file.Files.exists(file) ? java.nio.file.Files.readAllLines(file).size() : 0;
    }
}
