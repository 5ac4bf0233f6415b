package io.filejobs.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.filejobs.core.testing.Eventually;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The design's "day's extracts" job through the embedded runtime's API and its state machine: a
 * MERGE of the objects a selector picks, a fan-out COPY of each to two places, and a DELETE of the
 * set, with templates. Listing pages of two keys and a zero time budget make each set step
 * continue across invocations of the workflow's loop.
 */
class ObjectSetsEndToEndTest {

    private static final String KEY = "sets-key";
    private static LocalFixture local;

    @BeforeAll
    static void start() throws Exception {
        local = LocalFixture.start(KEY, Map.of(), Map.of("filejobs.steps.set-page-size", 2, "filejobs.steps.set-time-budget", "0s"));
    }

    @AfterAll
    static void stop() {
        local.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aJobOverTheDaysExtractsMergesFansOutAndCleansUp() {
        for (String name : List.of("a.csv", "b.csv", "c.csv", "readme.txt")) {
            put("landing/extracts/" + name, name + ";");
        }
        String id = local.createCheckedJob("{\"name\":\"extracts\",\"timezone\":\"Europe/Berlin\",\"steps\":["
                + "{\"id\":0,\"name\":\"collect\",\"action\":\"MERGE\",\"sources\":{\"prefix\":\"bucket1/landing/extracts/\",\"match\":\"*.csv\"},"
                + "\"destination\":\"bucket2/curated/{date:yyyy}/{runId}.csv\"},"
                + "{\"id\":1,\"name\":\"spread\",\"action\":\"COPY\",\"source\":{\"prefix\":\"bucket1/landing/extracts/\",\"match\":\"*.csv\"},"
                + "\"destinations\":[\"bucket2/eu/{basename}\",\"bucket3/us/{relativeKey}\"]},"
                + "{\"id\":2,\"name\":\"clean\",\"action\":\"DELETE\",\"source\":{\"prefix\":\"bucket1/landing/extracts/\",\"match\":\"*.csv\"}}]}");
        Map<String, Object> job = local.call("GET", "/jobs/" + id, null).json();
        assertEquals("VALID", ((Map<String, Object>) job.get("validation")).get("status"), job::toString);
        assertEquals(List.of(), ((Map<String, Object>) job.get("validation")).get("warnings"), "every set matches something");
        assertEquals(Map.of("prefix", "bucket1/landing/extracts/", "match", "*.csv", "order", "KEY", "ifEmpty", "FAIL"),
                ((List<Map<String, Object>>) job.get("steps")).get(0).get("sources"));

        String runId = (String) local.call("POST", "/jobs/" + id + "/runs", null).json().get("runId");
        Map<String, Object> run = Eventually.await("the run", Duration.ofSeconds(60),
                () -> local.call("GET", "/jobs/" + id + "/runs/" + runId, null).json(),
                r -> !List.of("QUEUED", "RUNNING").contains(r.get("status")));

        assertEquals("SUCCEEDED", run.get("status"), run::toString);
        String year = runId.substring(0, 4);
        assertEquals("a.csv;b.csv;c.csv;", local.s3.getObjectAsBytes(b -> b.bucket("bucket2").key("curated/" + year + "/" + runId + ".csv"))
                .asUtf8String());
        assertEquals(List.of("eu/a.csv", "eu/b.csv", "eu/c.csv"), keys("bucket2", "eu/"));
        assertEquals(List.of("us/a.csv", "us/b.csv", "us/c.csv"), keys("bucket3", "us/"));
        assertEquals(List.of("landing/extracts/readme.txt"), keys("bucket1", "landing/"), "only the set was deleted");
        List<Map<String, Object>> steps = (List<Map<String, Object>>) run.get("steps");
        assertEquals(List.of(18L, 36L, 18L), steps.stream().map(s -> ((Number) s.get("bytes")).longValue()).toList(), steps::toString);
        assertTrue(steps.stream().allMatch(s -> ((Number) s.get("attempts")).intValue() == 1), "continuing is not another attempt");
        Map<String, Object> three = Map.of("total", 3, "succeeded", 3, "failed", 0, "skipped", 0);
        assertEquals(java.util.Arrays.asList(null, three, three), steps.stream().map(s -> s.get("objects")).toList());
        List<Map<String, Object>> deleted = (List<Map<String, Object>>) local.call("GET", "/jobs/" + id + "/runs/" + runId + "/steps/2/objects",
                null).json().get("items");
        assertEquals(List.of("bucket1/landing/extracts/a.csv", "bucket1/landing/extracts/b.csv", "bucket1/landing/extracts/c.csv"),
                deleted.stream().map(o -> o.get("source")).toList());
    }

    /** A set step whose selector says SKIP ends an empty run as SKIPPED with NO_OBJECTS, runs no later step and alerts nobody. */
    @Test
    @SuppressWarnings("unchecked")
    void anEmptySetThatSaysSkipSkipsTheRunWithoutAnAlert() throws Exception {
        put("later/keep.txt", "kept");
        String id = local.createCheckedJob("{\"name\":\"nothing-today\",\"steps\":["
                + "{\"id\":0,\"name\":\"collect\",\"action\":\"MERGE\",\"sources\":{\"prefix\":\"bucket1/empty/{date}/\",\"ifEmpty\":\"SKIP\"},"
                + "\"destination\":\"bucket2/nothing/{date}.csv\"},"
                + "{\"id\":1,\"name\":\"tidy\",\"action\":\"DELETE\",\"source\":\"bucket1/later/keep.txt\"}]}");
        Map<String, Object> validation = (Map<String, Object>) local.call("GET", "/jobs/" + id, null).json().get("validation");
        assertEquals("VALID", validation.get("status"));
        List<Map<String, Object>> warnings = (List<Map<String, Object>>) validation.get("warnings");
        assertEquals(List.of("steps[0].sources"), warnings.stream().map(w -> w.get("field")).toList());
        assertTrue(((String) warnings.get(0).get("message")).contains("no object under bucket1/empty/"), warnings.toString());
        java.nio.file.Path notifications = local.dataDir.resolve("notifications.jsonl");
        long alertsBefore = java.nio.file.Files.exists(notifications) ? java.nio.file.Files.readAllLines(notifications).size() : 0;

        for (int i = 0; i < 2; i++) {
            // Twice: the first run gives up the job's active-run place, so the second starts too.
            String runId = (String) local.call("POST", "/jobs/" + id + "/runs", null).json().get("runId");
            Map<String, Object> run = Eventually.await("the run", Duration.ofSeconds(60),
                    () -> local.call("GET", "/jobs/" + id + "/runs/" + runId, null).json(),
                    r -> !List.of("QUEUED", "RUNNING").contains(r.get("status")));
            assertEquals("SKIPPED", run.get("status"), run::toString);
            Map<String, Object> error = (Map<String, Object>) run.get("error");
            assertEquals("NO_OBJECTS", error.get("code"));
            assertEquals(0, ((Number) error.get("stepId")).intValue());
            List<Map<String, Object>> steps = (List<Map<String, Object>>) run.get("steps");
            assertEquals(List.of("SKIPPED", "PENDING"), steps.stream().map(s -> s.get("status")).toList());
        }
        assertEquals("kept", local.s3.getObjectAsBytes(b -> b.bucket("bucket1").key("later/keep.txt")).asUtf8String(), "step 1 never ran");
        long alertsAfter = java.nio.file.Files.exists(notifications) ? java.nio.file.Files.readAllLines(notifications).size() : 0;
        assertEquals(alertsBefore, alertsAfter, "no alert");
    }

    private static void put(String key, String content) {
        local.put("bucket1", key, content);
    }

    private static List<String> keys(String bucket, String prefix) {
        return local.s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix)).contents().stream().map(S3Object::key).sorted().toList();
    }
}
