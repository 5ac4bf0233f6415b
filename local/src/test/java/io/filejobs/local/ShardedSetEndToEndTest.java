package io.filejobs.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.filejobs.app.ApiClient;
import io.filejobs.core.testing.Eventually;
import io.filejobs.core.testing.FailingCopies;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A set step split into shards through the embedded runtime's API and its state machine: a fan-out
 * COPY of a set larger than the shard size ({@code filejobs.steps.set-shard-size}) runs as three
 * shards (ranges of 200 keys) in the state machine's Map, side by side (their recorded times overlap), each across
 * several invocations (listing pages of 50 keys, a zero time budget). Every copy is read back, the
 * ledger holds every object once, and objects whose destination fails once are redone by their
 * shard's retry, the others copied once.
 */
class ShardedSetEndToEndTest {

    private static final String KEY = "shards-key";
    private static final int OBJECTS = 600;
    private static LocalFixture local;

    @BeforeAll
    static void start() throws Exception {
        local = LocalFixture.start(KEY, Map.of(), Map.of("filejobs.steps.set-page-size", 50, "filejobs.steps.set-time-budget", "0s",
                "filejobs.steps.set-shard-size", 100, "filejobs.steps.set-shards", 4, "test.instant-retries", true, "test.failing-copies", true));
    }

    @AfterAll
    static void stop() {
        FailingCopies.reset(Set.of(), 0);
        local.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aLargeSetRunsAsShardsSideBySideAndEachRetriesOnlyItsFailedObjects() throws Exception {
        String in = "big-" + UUID.randomUUID().toString().substring(0, 8) + "/";
        ExecutorService uploads = Executors.newFixedThreadPool(8);
        List<Future<?>> puts = new ArrayList<>();
        for (int i = 0; i < OBJECTS; i++) {
            String key = in + "d" + (i % 7) + "/o-" + i + ".bin";
            String body = "object " + i + ";".repeat(i % 50);
            puts.add(uploads.submit(() -> local.put("bucket1", key, body)));
        }
        for (Future<?> put : puts) {
            put.get();
        }
        uploads.shutdown();
        Set<String> faulted = new HashSet<>();
        for (int i = 0; i < OBJECTS; i += 97) {
            faulted.add("bucket3/" + in + "d" + (i % 7) + "/o-" + i + ".bin");
        }
        FailingCopies.reset(faulted, 500, 1);
        String id = local.createCheckedJob("{\"name\":\"shards\",\"steps\":[{\"id\":0,\"name\":\"spread\",\"action\":\"COPY\","
                + "\"source\":{\"prefix\":\"bucket1/" + in + "\",\"match\":\"**.bin\"},"
                + "\"destinations\":[\"bucket2/" + in + "{relativeKey}\",\"bucket3/" + in + "{relativeKey}\"]}]}");

        String runId = (String) local.call("POST", "/jobs/" + id + "/runs", null).json().get("runId");
        Map<String, Object> run = Eventually.await("the run", Duration.ofSeconds(180), () -> local.call("GET", "/jobs/" + id + "/runs/" + runId, null).json(),
                r -> !List.of("QUEUED", "RUNNING").contains(r.get("status")));

        assertEquals("SUCCEEDED", run.get("status"), run::toString);
        Map<String, Object> step = ((List<Map<String, Object>>) run.get("steps")).get(0);
        assertEquals(Map.of("total", OBJECTS, "succeeded", OBJECTS, "failed", 0, "skipped", 0), step.get("objects"));
        List<Map<String, Object>> shards = (List<Map<String, Object>>) step.get("shards");
        // Cuts every 100 objects would make six shards, more than the four allowed: every other cut is dropped.
        assertEquals(3, shards.size(), step::toString);
        Instant lastStart = shards.stream().map(s -> Instant.parse((String) s.get("startedAt"))).max(Instant::compareTo).orElseThrow();
        Instant firstEnd = shards.stream().map(s -> Instant.parse((String) s.get("finishedAt"))).min(Instant::compareTo).orElseThrow();
        assertTrue(lastStart.isBefore(firstEnd), "every shard started before any finished: they ran at once " + shards);
        long sum = 0;
        for (Map<String, Object> shard : shards) {
            long total = ((Number) ((Map<String, Object>) shard.get("objects")).get("total")).longValue();
            assertEquals(200, total, "each shard has its range of 200 keys: " + shards);
            sum += total;
        }
        assertEquals(OBJECTS, sum);
        assertTrue(shards.stream().anyMatch(s -> ((Number) s.get("attempts")).intValue() == 2), "a shard with a failed object tried again " + shards);

        for (String bucket : List.of("bucket2", "bucket3")) {
            List<S3Object> copies = local.s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(in)).contents().stream().toList();
            assertEquals(OBJECTS, copies.size(), bucket);
        }
        for (int i = 0; i < OBJECTS; i += 37) {
            String name = in + "d" + (i % 7) + "/o-" + i + ".bin";
            assertEquals("object " + i + ";".repeat(i % 50), local.s3.getObjectAsBytes(b -> b.bucket("bucket3").key(name)).asUtf8String());
        }
        for (int i = 0; i < OBJECTS; i++) {
            String destination = "bucket3/" + in + "d" + (i % 7) + "/o-" + i + ".bin";
            assertEquals(faulted.contains(destination) ? 2 : 1, FailingCopies.copiesTo(destination), destination);
        }
        Set<String> seen = new HashSet<>();
        String cursor = null;
        do {
            ApiClient.Response page = local.call("GET", "/jobs/" + id + "/runs/" + runId + "/steps/0/objects?limit=1000"
                    + (cursor == null ? "" : "&cursor=" + cursor), null);
            for (Map<String, Object> item : (List<Map<String, Object>>) page.json().get("items")) {
                assertTrue(seen.add((String) item.get("source")), "once: " + item);
                assertEquals("SUCCEEDED", item.get("status"));
            }
            cursor = (String) page.json().get("nextCursor");
        } while (cursor != null);
        assertEquals(OBJECTS, seen.size());
    }
}
