package io.filejobs.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.filejobs.app.ApiClient;
import io.filejobs.core.testing.Eventually;
import io.filejobs.core.testing.FailingCopies;
import io.filejobs.local.workflow.InstantRetries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The per-object ledger through the embedded runtime's API and its state machine: a fan-out COPY
 * of a set whose second destination fails for chosen objects ({@link FailingCopies}). The step
 * summary counts the objects, the objects route pages through them and filters by status, a
 * failure that passes is redone for exactly the failed objects by the state machine's retry, and
 * one that does not fails the run with an alert that names how many failed and the first few.
 * Retry waits are recorded, not slept ({@link InstantRetries}).
 */
class ObjectLedgerEndToEndTest {

    private static final String KEY = "ledger-key";
    private static LocalFixture local;

    @BeforeAll
    static void start() throws Exception {
        local = LocalFixture.start(KEY, Map.of(), Map.of("filejobs.steps.set-page-size", 3, "filejobs.steps.set-time-budget", "0s",
                "test.instant-retries", true, "test.failing-copies", true));
    }

    @AfterAll
    static void stop() {
        FailingCopies.reset(Set.of(), 0);
        local.close();
    }

    /** Eight objects under a fresh prefix and a job that copies each to bucket2 and bucket3; returns {prefix, job id}. */
    private static String[] fanOutJob() {
        String in = "in-" + UUID.randomUUID().toString().substring(0, 8) + "/";
        for (int i = 0; i < 8; i++) {
            String key = in + "part-" + i + ".csv";
            local.s3.putObject(b -> b.bucket("bucket1").key(key), RequestBody.fromString("row;".repeat(i + 1)));
        }
        String id = local.createCheckedJob("{\"name\":\"fan-out\",\"steps\":[{\"id\":0,\"name\":\"spread\",\"action\":\"COPY\","
                + "\"source\":{\"prefix\":\"bucket1/" + in + "\",\"match\":\"*.csv\"},"
                + "\"destinations\":[\"bucket2/" + in + "{relativeKey}\",\"bucket3/" + in + "{relativeKey}\"]}]}");
        return new String[] {in, id};
    }

    private static Map<String, Object> runToTheEnd(String id) {
        String runId = (String) local.call("POST", "/jobs/" + id + "/runs", null).json().get("runId");
        return Eventually.await("the run", Duration.ofSeconds(90), () -> local.call("GET", "/jobs/" + id + "/runs/" + runId, null).json(),
                r -> !List.of("QUEUED", "RUNNING").contains(r.get("status")));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> objects(String id, String runId, String query, int pageSize) {
        List<Map<String, Object>> items = new ArrayList<>();
        String cursor = null;
        do {
            ApiClient.Response page = local.call("GET", "/jobs/" + id + "/runs/" + runId + "/steps/0/objects?limit=" + pageSize + query
                    + (cursor == null ? "" : "&cursor=" + cursor), null);
            assertEquals(200, page.status(), page::toString);
            List<Map<String, Object>> got = (List<Map<String, Object>>) page.json().get("items");
            assertTrue(got.size() <= pageSize);
            items.addAll(got);
            cursor = (String) page.json().get("nextCursor");
        } while (cursor != null);
        return items;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> step0(Map<String, Object> run) {
        return ((List<Map<String, Object>>) run.get("steps")).get(0);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aFailureThatPassesIsRedoneForExactlyTheFailedObjects() {
        String[] job = fanOutJob();
        String in = job[0];
        FailingCopies.reset(Set.of("bucket3/" + in + "part-1.csv", "bucket3/" + in + "part-6.csv"), 500, 1);

        Map<String, Object> run = runToTheEnd(job[1]);

        assertEquals("SUCCEEDED", run.get("status"), run::toString);
        Map<String, Object> step = step0(run);
        assertEquals(2, ((Number) step.get("attempts")).intValue(), "the first attempt failed for two objects; the retry finished them");
        assertEquals(Map.of("total", 8, "succeeded", 8, "failed", 0, "skipped", 0), step.get("objects"));
        long bytes = 0;
        for (int i = 0; i < 8; i++) {
            String name = in + "part-" + i + ".csv";
            boolean faulted = i == 1 || i == 6;
            for (String bucket : List.of("bucket2", "bucket3")) {
                assertEquals("row;".repeat(i + 1), local.s3.getObjectAsBytes(b -> b.bucket(bucket).key(name)).asUtf8String());
                assertEquals(faulted ? 2 : 1, FailingCopies.copiesTo(bucket + "/" + name), "copies to " + bucket + "/" + name);
            }
            bytes += 2L * 4 * (i + 1);
        }
        assertEquals(bytes, ((Number) step.get("bytes")).longValue());

        String runId = (String) run.get("runId");
        List<Map<String, Object>> records = objects(job[1], runId, "", 3);
        assertEquals(8, records.size(), "every object once, three to a page");
        for (Map<String, Object> r : records) {
            String source = (String) r.get("source");
            boolean faulted = source.endsWith("part-1.csv") || source.endsWith("part-6.csv");
            assertEquals("SUCCEEDED", r.get("status"));
            assertEquals(faulted ? 2 : 1, ((Number) r.get("attempts")).intValue(), source);
            String name = source.substring("bucket1/".length());
            assertEquals(List.of("bucket2/" + name, "bucket3/" + name), r.get("destinations"));
        }
        assertEquals(List.of(), objects(job[1], runId, "&status=FAILED", 10));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aFailureThatLastsFailsTheRunNamingTheObjectsAndTheLedgerListsExactlyThem() throws Exception {
        String[] job = fanOutJob();
        String in = job[0];
        FailingCopies.reset(Set.of("bucket3/" + in + "part-0.csv", "bucket3/" + in + "part-3.csv", "bucket3/" + in + "part-4.csv",
                "bucket3/" + in + "part-7.csv"), 500);
        Path notifications = local.dataDir.resolve("notifications.jsonl");
        long alertsBefore = Files.exists(notifications) ? Files.readAllLines(notifications).size() : 0;

        Map<String, Object> run = runToTheEnd(job[1]);

        assertEquals("FAILED", run.get("status"), run::toString);
        Map<String, Object> step = step0(run);
        assertEquals(6, ((Number) step.get("attempts")).intValue(), "the state machine's five retries, then it gave up");
        assertEquals(Map.of("total", 8, "succeeded", 4, "failed", 4, "skipped", 0), step.get("objects"));
        String message = (String) ((Map<String, Object>) run.get("error")).get("message");
        assertTrue(message.startsWith("4 of 8 objects failed; the first 3: bucket1/" + in + "part-0.csv (TRANSIENT: "), message);
        String runId = (String) run.get("runId");
        List<Map<String, Object>> failed = objects(job[1], runId, "&status=FAILED", 2);
        assertEquals(List.of(0, 3, 4, 7).stream().map(i -> "bucket1/" + in + "part-" + i + ".csv").toList(),
                failed.stream().map(r -> r.get("source")).toList());
        for (Map<String, Object> r : failed) {
            assertEquals("TRANSIENT", ((Map<String, Object>) r.get("error")).get("code"));
            assertEquals(6, ((Number) r.get("attempts")).intValue());
            assertEquals(List.of(), r.get("destinations"), "a failed object lists nothing written");
        }
        assertEquals(4, objects(job[1], runId, "&status=SUCCEEDED", 100).size());
        for (int i : new int[] {1, 2, 5, 6}) {
            assertEquals(1, FailingCopies.copiesTo("bucket3/" + in + "part-" + i + ".csv"), "a finished object is not copied again");
        }
        List<String> alerts = Files.readAllLines(notifications);
        assertEquals(alertsBefore + 1, alerts.size());
        String alert = alerts.get(alerts.size() - 1);
        assertTrue(alert.contains("4 of 8 objects failed") && alert.contains("part-0.csv") && alert.contains(runId), alert);
    }

    @Test
    void theObjectsRouteRefusesWhatItCannotAnswer() {
        String[] job = fanOutJob();
        FailingCopies.reset(Set.of(), 0);
        Map<String, Object> run = runToTheEnd(job[1]);
        String base = "/jobs/" + job[1] + "/runs/" + run.get("runId") + "/steps/";
        ApiClient.Response badStatus = local.call("GET", base + "0/objects?status=DONE", null);
        assertEquals(400, badStatus.status());
        assertEquals("VALIDATION_FAILED", badStatus.json().get("code"));
        assertTrue(badStatus.body().contains("\"status\""), badStatus.body());
        ApiClient.Response badLimit = local.call("GET", base + "0/objects?limit=5000", null);
        assertEquals(400, badLimit.status());
        ApiClient.Response badCursor = local.call("GET", base + "0/objects?cursor=bm90LW91cnM", null);
        assertEquals(400, badCursor.status());
        assertTrue(badCursor.body().contains("cursor"), badCursor.body());
        for (String step : List.of("1", "-1", "x", "99999999999")) {
            ApiClient.Response noStep = local.call("GET", base + step + "/objects", null);
            assertEquals(404, noStep.status(), step);
            assertEquals("STEP_NOT_FOUND", noStep.json().get("code"));
        }
        assertEquals("RUN_NOT_FOUND", local.call("GET", "/jobs/" + job[1] + "/runs/nope/steps/0/objects", null).json().get("code"));
        assertEquals(401, new HttpApiClient(local.runtime.apiUrl()).send("GET", base + "0/objects", Map.of(), null).status());
    }
}
