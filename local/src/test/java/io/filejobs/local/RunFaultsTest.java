package io.filejobs.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.filejobs.app.ApiClient;
import io.filejobs.core.run.RunRequest;
import io.filejobs.core.store.RunLedger;
import io.filejobs.core.testing.Eventually;
import io.filejobs.core.trigger.Trigger;
import io.filejobs.local.workflow.EmbeddedWorkflow;
import io.filejobs.local.workflow.Execution;
import io.filejobs.local.workflow.FaultInjection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Throttling injected into S3 and duplicate triggers, on the embedded runtime with the real workflow. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunFaultsTest {

    private static final String KEY = "faults-key";
    private LocalFixture local;
    private LocalRuntime runtime;
    private S3Client s3;

    @BeforeAll
    void start() throws Exception {
        local = LocalFixture.start(KEY, Map.of(), Map.of("test.fault-injection", true));
        runtime = local.runtime;
        s3 = local.s3;
        s3.putObject(b -> b.bucket("bucket1").key("in.txt"), RequestBody.fromString("payload"));
    }

    @AfterAll
    void stop() {
        local.close();
    }

    @BeforeEach
    void reset() {
        FaultInjection.throttleCopies.set(0);
        FaultInjection.waits.clear();
    }

    private ApiClient.Response call(String method, String path, String body) {
        return local.call(method, path, body);
    }

    private String copyJob(String name) {
        return local.createCheckedJob("{\"name\":\"" + name + "\",\"steps\":[{\"id\":0,\"name\":\"copy\","
                + "\"action\":\"COPY\",\"source\":\"bucket1/in.txt\",\"destination\":\"bucket1/out-" + name + ".txt\"}]}");
    }

    private Map<String, Object> runToEnd(String jobId) {
        String location = call("POST", "/jobs/" + jobId + "/runs", null).header("location");
        return Eventually.await("run " + location + " finishing", Duration.ofSeconds(30), () -> call("GET", location, null).json(),
                run -> List.of("SUCCEEDED", "FAILED").contains(run.get("status")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void throttlingIsRetriedWithBackoffAndTheRunSucceeds() throws Exception {
        FaultInjection.throttleCopies.set(2);
        Map<String, Object> run = runToEnd(copyJob("throttled-twice"));
        assertEquals("SUCCEEDED", run.get("status"), run::toString);
        Map<String, Object> step = ((List<Map<String, Object>>) run.get("steps")).get(0);
        assertEquals(3, ((Number) step.get("attempts")).intValue());
        assertEquals(2, FaultInjection.waits.size(), "two waits, as the definition's Retry prescribes");
        assertEquals("payload", s3.getObjectAsBytes(b -> b.bucket("bucket1").key("out-throttled-twice.txt")).asUtf8String());
    }

    @Test
    @SuppressWarnings("unchecked")
    void throttlingThatOutlastsTheRetriesFailsTheRunAsThrottled() throws Exception {
        FaultInjection.throttleCopies.set(1000);
        Map<String, Object> run = runToEnd(copyJob("throttled-forever"));
        assertEquals("FAILED", run.get("status"), run::toString);
        assertEquals("THROTTLED", ((Map<String, Object>) run.get("error")).get("code"));
        Map<String, Object> step = ((List<Map<String, Object>>) run.get("steps")).get(0);
        assertEquals("FAILED", step.get("status"));
        assertEquals(6, ((Number) step.get("attempts")).intValue(), "one try and five retries");
        assertEquals(5, FaultInjection.waits.size());
    }

    @Test
    void twoTriggersForTheSameScheduledTimeMakeExactlyOneRun() throws Exception {
        String jobId = copyJob("scheduled-twice");
        EmbeddedWorkflow workflow = runtime.context().getBean(EmbeddedWorkflow.class);
        RunRequest trigger = new RunRequest(jobId, Trigger.SCHEDULE, "2026-11-22T00:00:00Z", null, false);
        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<Execution> first = CompletableFuture.supplyAsync(() -> await(go, () -> workflow.run("exec-a", trigger)));
        CompletableFuture<Execution> second = CompletableFuture.supplyAsync(() -> await(go, () -> workflow.run("exec-b", trigger)));
        go.countDown();
        assertEquals("SUCCEEDED", first.get().status());
        assertEquals("SUCCEEDED", second.get().status());
        RunLedger.Page runs = runtime.context().getBean(RunLedger.class).list(jobId, 10, null);
        assertEquals(1, runs.runs().size(), "exactly one run for that scheduled time");
        assertEquals("20261122T000000000Z-s", runs.runs().get(0).runId());
        assertEquals("SUCCEEDED", runs.runs().get(0).status().name());
    }

    private static <T> T await(CountDownLatch latch, java.util.function.Supplier<T> then) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return then.get();
    }

    /**
     * A job is not deleted under a run that is going (409 CONFLICT naming the run); once the run has
     * finished it is. A run whose job vanished anyway (deleted between trigger and start) fails with
     * JOB_NOT_FOUND and is alerted, with no class name in either.
     */
    @Test
    @SuppressWarnings("unchecked")
    void aJobIsNotDeletedUnderARunAndARunWhoseJobVanishedFailsTyped() throws Exception {
        String jobId = copyJob("deleted-mid-run");
        FaultInjection.holdCopies = new CountDownLatch(1);
        try {
            String location = call("POST", "/jobs/" + jobId + "/runs", null).header("location");
            Eventually.await("the run RUNNING", Duration.ofSeconds(30), () -> call("GET", location, null).json(),
                    run -> "RUNNING".equals(run.get("status")));

            ApiClient.Response refused = call("DELETE", "/jobs/" + jobId, null);
            io.filejobs.app.JobApiContract.assertProblem(refused, 409, "CONFLICT");
            org.junit.jupiter.api.Assertions.assertTrue(((String) refused.json().get("detail")).contains(location.substring(location.lastIndexOf('/') + 1)),
                    refused::toString);
            assertEquals(200, call("GET", "/jobs/" + jobId, null).status(), "the job is still there");

            FaultInjection.holdCopies.countDown();
            Map<String, Object> run = Eventually.await("the run finishing", Duration.ofSeconds(30), () -> call("GET", location, null).json(),
                    r -> List.of("SUCCEEDED", "FAILED").contains(r.get("status")));
            assertEquals("SUCCEEDED", run.get("status"), run::toString);
        } finally {
            FaultInjection.holdCopies = null;
        }
        assertEquals(204, call("DELETE", "/jobs/" + jobId, null).status());

        // The race the refusal cannot close: the job goes between a run's trigger and its start.
        String vanishing = copyJob("vanishing");
        var jobs = runtime.context().getBean(io.filejobs.core.store.JobTable.class);
        var record = jobs.get(vanishing).orElseThrow();
        var definition = runtime.context().getBean(io.filejobs.core.store.DefinitionStore.class).get(record.definitionKey());
        var queued = runtime.context().getBean(RunLedger.class).create(io.filejobs.core.run.Run.queued(record, definition,
                io.filejobs.core.trigger.ManualTrigger.at(java.time.Instant.now()), java.time.Instant.now().toString())).run();
        jobs.delete(vanishing, record.version());
        runtime.context().getBean(io.filejobs.core.store.DefinitionStore.class).deleteAllQuietly(vanishing);

        runtime.context().getBean(EmbeddedWorkflow.class).run("exec-vanished", new RunRequest(vanishing, Trigger.MANUAL, null, queued.runId(), false));

        var failed = runtime.context().getBean(RunLedger.class).get(vanishing, queued.runId()).orElseThrow();
        assertEquals("FAILED", failed.status().name());
        assertEquals("JOB_NOT_FOUND", failed.error().code());
        List<String> alerts = java.nio.file.Files.readAllLines(local.dataDir.resolve("notifications.jsonl"));
        String last = alerts.get(alerts.size() - 1);
        org.junit.jupiter.api.Assertions.assertTrue(last.contains("JOB_NOT_FOUND") && last.contains(queued.runId()), last);
        org.junit.jupiter.api.Assertions.assertFalse(last.contains("Exception"), last);
    }
}
