package io.filejobs.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.filejobs.core.job.JobRecord;
import io.filejobs.core.run.Run;
import io.filejobs.core.run.RunRequest;
import io.filejobs.core.store.JobTable;
import io.filejobs.core.store.RunLedger;
import io.filejobs.core.testing.Eventually;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The embedded scheduler, driven with explicit times: fires on time, never when DISABLED, never twice. */
class EmbeddedSchedulerTest {

    private static final String KEY = "scheduler-key";

    private static String job(LocalFixture local, String name, String state) {
        // ALLOW: two times fired by one tick run at once; SKIP would skip one (OverlapTest covers that).
        var created = local.call("POST", "/jobs", "{\"name\":\"" + name + "\",\"schedule\":\"rate(1 minute)\",\"state\":\"" + state + "\","
                + "\"overlap\":\"ALLOW\","
                + "\"steps\":[{\"id\":0,\"name\":\"d\",\"action\":\"DELETE\",\"source\":\"bucket1/" + name + "\"}]}");
        assertEquals(201, created.status(), created::toString);
        return (String) created.json().get("id");
    }

    private static List<Run> awaitRuns(LocalFixture local, String jobId, int count) {
        RunLedger ledger = local.runtime.context().getBean(RunLedger.class);
        return Eventually.await(count + " finished runs of job " + jobId, Duration.ofSeconds(20), () -> ledger.list(jobId, 10, null).runs(),
                runs -> runs.size() >= count && runs.stream().allMatch(r -> r.status().finished()));
    }

    @Test
    void anEnabledJobFiresOnTimeOnceAndADisabledOneNever() throws Exception {
        Instant fire;
        String enabled;
        try (LocalFixture local = LocalFixture.start(KEY, Map.of(), Map.of())) {
            enabled = job(local, "every-minute", "ENABLED");
            String disabled = job(local, "switched-off", "DISABLED");
            JobRecord record = local.runtime.context().getBean(JobTable.class).get(enabled).orElseThrow();
            // As on EventBridge Scheduler, a rate schedule fires when it is created, then every period.
            Instant created = record.createdAt();
            fire = created.plusSeconds(60);
            EmbeddedScheduler scheduler = local.runtime.context().getBean(EmbeddedScheduler.class);

            List<RunRequest> started = scheduler.tick(fire.plusSeconds(1));

            // The scheduler's own once-a-second tick may have fired the creation time already; the ledger is the truth.
            RunRequest atCreation = new RunRequest(enabled, io.filejobs.core.trigger.Trigger.SCHEDULE, created.toString(), null, false);
            RunRequest aMinuteLater = new RunRequest(enabled, io.filejobs.core.trigger.Trigger.SCHEDULE, fire.toString(), null, false);
            List<RunRequest> mine = started.stream().filter(r -> r.jobId().equals(enabled) || r.jobId().equals(disabled)).toList();
            assertEquals(aMinuteLater, mine.get(mine.size() - 1));
            assertEquals(true, List.of(atCreation, aMinuteLater).containsAll(mine), mine::toString);
            assertEquals(List.of(), scheduler.tick(fire.plusSeconds(1)), "the same moment fires nothing again");
            List<Run> runs = awaitRuns(local, enabled, 2);
            assertEquals(2, runs.size());
            assertEquals(List.of(fire.toString(), created.toString()), runs.stream().map(Run::scheduledTime).toList(), "newest first");
            runs.forEach(r -> assertEquals("SCHEDULE", r.trigger().name()));
            runs.forEach(r -> assertEquals("SUCCEEDED", r.status().name()));
            assertEquals(0, awaitRuns(local, disabled, 0).size());

            // Restart on the same data: a tick over the same time starts no second run.
            LocalSettings settings = LocalSettings.from(Map.of("FILEJOBS_PORT", "0", "FILEJOBS_S3_PORT", "0",
                    "FILEJOBS_DATA_DIR", local.dataDir.toString(), "FILEJOBS_API_KEY", KEY));
            local.runtime.close();
            try (LocalRuntime again = LocalRuntime.start(settings)) {
                again.context().getBean(EmbeddedScheduler.class).tick(fire.plusSeconds(2));
                RunLedger ledger = again.context().getBean(RunLedger.class);
                Eventually.holdsFor("two runs, not more, across a restart", Duration.ofMillis(500),
                        () -> ledger.list(enabled, 10, null).runs().size() == 2);
            }
        }
    }
}
