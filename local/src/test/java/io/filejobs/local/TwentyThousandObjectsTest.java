package io.filejobs.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.filejobs.app.ApiClient;
import io.filejobs.core.testing.Eventually;
import io.filejobs.core.testing.FailingCopies;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
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
 * The size users have: a COPY of 20,000 objects with fan-out to three buckets on the embedded
 * runtime, at the default shard size (2,000) and shard count (10). Every one of the 60,000 copies
 * is checked against the bytes written (its MD5, and a sample read back whole), the ledger's counts
 * are exact, the shards' recorded times show they ran at once, and the objects whose copy to one
 * bucket was made to fail are exactly the ones the ledger shows tried twice: the shard's retry
 * redid them and copied no other object again.
 */
class TwentyThousandObjectsTest {

    private static final String KEY = "twenty-thousand-key";
    private static final int OBJECTS = 20_000;
    private static final List<String> DESTINATIONS = List.of("bucket2", "bucket3", "bucket4");
    private static LocalFixture local;

    @BeforeAll
    static void start() throws Exception {
        local = LocalFixture.start(KEY, Map.of(), Map.of("test.instant-retries", true, "test.failing-copies", true));
        local.s3.createBucket(b -> b.bucket("bucket4"));
    }

    @AfterAll
    static void stop() {
        FailingCopies.reset(Set.of(), 0);
        local.close();
    }

    private static String body(int i) {
        return "object " + i + " " + "x".repeat(i % 97);
    }

    private static String name(String in, int i) {
        return in + "day-" + (i % 10) + "/part " + i + ".csv";
    }

    @Test
    @SuppressWarnings("unchecked")
    void twentyThousandObjectsFanOutToThreeBucketsInShardsAndOnlyTheFailedOnesAreCopiedAgain() throws Exception {
        String in = "twenty-" + UUID.randomUUID().toString().substring(0, 8) + "/";
        ExecutorService uploads = Executors.newFixedThreadPool(16);
        List<Future<?>> puts = new ArrayList<>();
        for (int i = 0; i < OBJECTS; i++) {
            int n = i;
            puts.add(uploads.submit(() -> local.put("bucket1", name(in, n), body(n))));
        }
        for (Future<?> put : puts) {
            put.get();
        }
        uploads.shutdown();
        Set<String> faulted = new HashSet<>();
        Set<String> faultedSources = new HashSet<>();
        for (int i = 0; i < OBJECTS; i += 499) {
            faulted.add("bucket4/copies/" + name(in, i));
            faultedSources.add("bucket1/" + name(in, i));
        }
        FailingCopies.reset(faulted, 500, 1);
        String id = local.createCheckedJob("{\"name\":\"twenty-thousand\",\"steps\":[{\"id\":0,\"name\":\"spread\",\"action\":\"COPY\","
                + "\"source\":{\"prefix\":\"bucket1/" + in + "\",\"match\":\"**.csv\"},\"destinations\":["
                + "\"bucket2/copies/" + in + "{relativeKey}\",\"bucket3/copies/" + in + "{relativeKey}\",\"bucket4/copies/" + in + "{relativeKey}\"]}]}");

        long started = System.nanoTime();
        String runId = (String) local.call("POST", "/jobs/" + id + "/runs", null).json().get("runId");
        Map<String, Object> run = Eventually.await("the run", Duration.ofMinutes(20), () -> local.call("GET", "/jobs/" + id + "/runs/" + runId, null).json(),
                r -> !List.of("QUEUED", "RUNNING").contains(r.get("status")));
        System.out.printf("20,000 objects to 3 buckets: %s in %.1f s%n", run.get("status"), (System.nanoTime() - started) / 1e9);

        assertEquals("SUCCEEDED", run.get("status"), run::toString);
        Map<String, Object> step = ((List<Map<String, Object>>) run.get("steps")).get(0);
        assertEquals(Map.of("total", OBJECTS, "succeeded", OBJECTS, "failed", 0, "skipped", 0), step.get("objects"));
        List<Map<String, Object>> shards = (List<Map<String, Object>>) step.get("shards");
        assertEquals(10, shards.size(), "a cut every 2,000 keys: " + step);
        Instant lastStart = shards.stream().map(s -> Instant.parse((String) s.get("startedAt"))).max(Instant::compareTo).orElseThrow();
        Instant firstEnd = shards.stream().map(s -> Instant.parse((String) s.get("finishedAt"))).min(Instant::compareTo).orElseThrow();
        assertTrue(lastStart.isBefore(firstEnd), "every shard started before any finished: they ran at once " + shards);
        long sum = 0;
        for (Map<String, Object> shard : shards) {
            sum += ((Number) ((Map<String, Object>) shard.get("objects")).get("total")).longValue();
        }
        assertEquals(OBJECTS, sum, "the shards' counts add up to the set");

        // The ledger: every object once, SUCCEEDED; tried twice exactly when its copy to bucket4 was made to fail.
        Map<String, Integer> attempts = new HashMap<>();
        String cursor = null;
        do {
            ApiClient.Response page = local.call("GET", "/jobs/" + id + "/runs/" + runId + "/steps/0/objects?limit=1000"
                    + (cursor == null ? "" : "&cursor=" + cursor), null);
            assertEquals(200, page.status(), page::toString);
            for (Map<String, Object> item : (List<Map<String, Object>>) page.json().get("items")) {
                assertEquals("SUCCEEDED", item.get("status"), item::toString);
                assertEquals(3, ((List<?>) item.get("destinations")).size(), item::toString);
                assertEquals(null, attempts.put((String) item.get("source"), ((Number) item.get("attempts")).intValue()), "once: " + item);
            }
            cursor = (String) page.json().get("nextCursor");
        } while (cursor != null);
        assertEquals(OBJECTS, attempts.size());
        Set<String> triedAgain = new HashSet<>();
        attempts.forEach((source, n) -> {
            if (n > 1) {
                triedAgain.add(source);
            }
        });
        assertEquals(faultedSources, triedAgain, "the objects tried again are exactly those whose copy failed");
        assertEquals(0, ((List<?>) local.call("GET", "/jobs/" + id + "/runs/" + runId + "/steps/0/objects?status=FAILED", null)
                .json().get("items")).size());

        // Every copy, against the bytes written: its size and MD5 (the ETag of a single-part object), and a sample read back whole.
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        for (String bucket : DESTINATIONS) {
            Map<String, S3Object> copies = new HashMap<>();
            local.s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix("copies/" + in)).contents().forEach(o -> copies.put(o.key(), o));
            assertEquals(OBJECTS, copies.size(), bucket);
            for (int i = 0; i < OBJECTS; i++) {
                S3Object copy = copies.get("copies/" + name(in, i));
                byte[] bytes = body(i).getBytes(StandardCharsets.UTF_8);
                assertTrue(copy != null, bucket + " lacks object " + i);
                assertEquals(bytes.length, copy.size(), copy::toString);
                assertEquals(HexFormat.of().formatHex(md5.digest(bytes)), copy.eTag().replace("\"", ""), copy::toString);
            }
            for (int i = 0; i < OBJECTS; i += 1_009) {
                String key = "copies/" + name(in, i);
                assertEquals(body(i), local.s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String(), bucket + "/" + key);
            }
        }

        // Copy requests: one per object and destination, and one more to bucket4 for each object made to fail there.
        for (int i = 0; i < OBJECTS; i++) {
            String key = "copies/" + name(in, i);
            for (String bucket : List.of("bucket2", "bucket3")) {
                int expected = faultedSources.contains("bucket1/" + name(in, i)) ? 2 : 1;
                assertEquals(expected, FailingCopies.copiesTo(bucket + "/" + key), bucket + "/" + key);
            }
            assertEquals(faulted.contains("bucket4/" + key) ? 2 : 1, FailingCopies.copiesTo("bucket4/" + key), "bucket4/" + key);
        }
    }
}
