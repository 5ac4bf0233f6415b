package io.filejobs.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.filejobs.core.testing.Eventually;
import io.filejobs.local.workflow.FaultInjection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Object-created triggers under load and in a queue, on the embedded runtime: a burst of uploads
 * by several clients at once gives one run per event the endpoint raised (one per object, and one
 * more for each write a client had to send twice), every object copied; and a job with overlap
 * QUEUE runs its triggered runs one at a time in the order of the uploads.
 */
class TriggerBurstTest {

    private static final String KEY = "burst-key";
    private static final int CLIENTS = 8;
    private static final int PER_CLIENT = 125;
    private static LocalFixture local;

    @BeforeAll
    static void start() throws Exception {
        local = LocalFixture.start(KEY, Map.of(), Map.of("test.fault-injection", "true"));
    }

    @AfterAll
    static void stop() {
        local.close();
    }

    @AfterEach
    void release() {
        CountDownLatch hold = FaultInjection.holdCopies;
        FaultInjection.holdCopies = null;
        if (hold != null) {
            hold.countDown();
        }
    }

    @Test
    void aThousandObjectsUploadedByEightClientsAtOnceGiveExactlyAThousandRuns() throws Exception {
        String id = local.createCheckedJob("{\"name\":\"burst\",\"overlap\":\"ALLOW\","
                + "\"triggers\":[{\"type\":\"OBJECT_CREATED\",\"prefix\":\"bucket1/burst/\",\"match\":\"*.dat\"}],"
                + "\"steps\":[{\"id\":0,\"name\":\"copy\",\"action\":\"COPY\",\"source\":\"bucket1/{trigger.key}\","
                + "\"destination\":\"bucket2/burst/{trigger.relativeKey}\"}]}");
        io.filejobs.storage.local.LocalS3Server endpoint = local.runtime.context().getBean(io.filejobs.storage.local.LocalS3Server.class);
        long eventsBefore = endpoint.eventsRaised();
        Instant begin = Instant.now();
        java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
        software.amazon.awssdk.services.s3.S3Client s3 = software.amazon.awssdk.services.s3.S3Client.builder()
                .httpClient(io.filejobs.core.aws.CheckedIoHttpClients.wrap(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create()))
                .endpointOverride(local.runtime.s3Url()).region(software.amazon.awssdk.regions.Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("any", "thing")))
                .overrideConfiguration(o -> o.addExecutionInterceptor(new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
                    @Override
                    public void beforeTransmission(software.amazon.awssdk.core.interceptor.Context.BeforeTransmission context,
                            software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
                        attempts.incrementAndGet();
                    }
                })).build();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> uploads = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                uploads.add(clients.submit(() -> {
                    for (int i = 0; i < PER_CLIENT; i++) {
                        String key = String.format("burst/c%d-%03d.dat", client, i);
                        String body = "client " + client + " object " + i;
                        s3.putObject(b -> b.bucket("bucket1").key(key), software.amazon.awssdk.core.sync.RequestBody.fromString(body));
                    }
                }));
            }
            for (Future<?> upload : uploads) {
                upload.get();
            }
        } finally {
            clients.shutdown();
            s3.close();
        }
        Instant uploaded = Instant.now();
        int total = CLIENTS * PER_CLIENT;
        int resent = attempts.get() - total;

        List<String> copied = Eventually.await("every object copied", Duration.ofSeconds(600), () -> keys("bucket2", "burst/"),
                k -> k.size() >= total);
        // A client that sent a write twice (its connection closed before the answer) made two events, as S3 does: each is a run.
        long events = endpoint.eventsRaised() - eventsBefore;
        List<Map<String, Object>> runs = Eventually.await("every run finished", Duration.ofSeconds(120), () -> allRuns(id),
                r -> r.size() >= events && r.stream().allMatch(x -> !List.of("QUEUED", "RUNNING").contains(x.get("status"))));
        Instant done = Instant.now();

        assertEquals(total, copied.size(), "every object copied once: the destination holds each key once");
        assertTrue(events >= total && events <= total + resent, "an event per object, and at most one more per write the client sent again"
                + " (" + resent + "): " + events);
        assertEquals(events, runs.size(), "one run per event, no event dropped and none started twice");
        Set<Object> sequencers = new HashSet<>();
        runs.forEach(r -> sequencers.add(((Map<?, ?>) r.get("triggerObject")).get("sequencer")));
        assertEquals(runs.size(), sequencers.size(), "no event started two runs");
        assertTrue(runs.stream().allMatch(r -> "SUCCEEDED".equals(r.get("status"))), () -> runs.stream()
                .filter(r -> !"SUCCEEDED".equals(r.get("status"))).limit(3).toList().toString());
        Set<Object> objects = new HashSet<>();
        runs.forEach(r -> objects.add(((Map<?, ?>) r.get("triggerObject")).get("key")));
        assertEquals(total, objects.size(), "each object started a run");
        for (int c = 0; c < CLIENTS; c++) {
            String key = String.format("burst/c%d-007.dat", c);
            assertEquals("client " + c + " object 7", local.s3.getObjectAsBytes(b -> b.bucket("bucket2").key(key)).asUtf8String());
        }
        System.out.printf("trigger burst: %d objects uploaded by %d clients in %d ms (%d writes sent again by the client, %d events);"
                + " every run done %d ms after the last upload%n", total, CLIENTS, Duration.between(begin, uploaded).toMillis(), resent, events,
                Duration.between(uploaded, done).toMillis());
    }

    @Test
    @SuppressWarnings("unchecked")
    void queueRunsTriggeredRunsOneAtATimeInTheOrderOfTheUploads() throws Exception {
        String id = local.createCheckedJob("{\"name\":\"in-order\",\"overlap\":\"QUEUE\","
                + "\"triggers\":[{\"type\":\"OBJECT_CREATED\",\"prefix\":\"bucket1/queue/\"}],"
                + "\"steps\":[{\"id\":0,\"name\":\"copy\",\"action\":\"COPY\",\"source\":\"bucket1/{trigger.key}\","
                + "\"destination\":\"bucket3/queue/{trigger.relativeKey}\"}]}");
        CountDownLatch hold = new CountDownLatch(1);
        FaultInjection.holdCopies = hold;
        List<String> order = List.of("first.csv", "second.csv", "third.csv", "fourth.csv");
        for (String name : order) {
            local.put("bucket1", "queue/" + name, name);
        }
        // A write the client sent again (its kept-alive connection closed under it) is a second write and a second
        // run, as in the burst above; the order is that of the first write of each object.
        List<Map<String, Object>> waiting = Eventually.await("one run going, the others waiting", Duration.ofSeconds(30), () -> allRuns(id),
                r -> keysOf(r).size() == 4 && r.stream().filter(x -> "RUNNING".equals(x.get("status"))).count() == 1
                        && r.stream().filter(x -> "QUEUED".equals(x.get("status"))).count() == r.size() - 1);
        assertEquals(4, keysOf(waiting).size());

        FaultInjection.holdCopies = null;
        hold.countDown();
        List<Map<String, Object>> done = Eventually.await("every run finished", Duration.ofSeconds(60), () -> allRuns(id),
                r -> r.stream().allMatch(x -> "SUCCEEDED".equals(x.get("status"))));
        // As instants: a time on the whole second is written without a fraction, and would sort after one with it as text.
        List<Map<String, Object>> byStart = done.stream().sorted(Comparator.comparing(r -> Instant.parse((String) r.get("startedAt")))).toList();
        assertEquals(order.stream().map(n -> "queue/" + n).toList(), List.copyOf(keysOf(byStart)), "the order of the uploads");
        for (int i = 1; i < byStart.size(); i++) {
            assertTrue(!Instant.parse((String) byStart.get(i).get("startedAt")).isBefore(Instant.parse((String) byStart.get(i - 1).get("finishedAt"))),
                    "one at a time: " + byStart);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> allRuns(String jobId) {
        List<Map<String, Object>> runs = new ArrayList<>();
        String cursor = null;
        do {
            var page = local.call("GET", "/jobs/" + jobId + "/runs?limit=100" + (cursor == null ? "" : "&cursor=" + cursor), null).json();
            runs.addAll((List<Map<String, Object>>) page.get("items"));
            cursor = (String) page.get("nextCursor");
        } while (cursor != null);
        return runs;
    }

    private static List<String> keys(String bucket, String prefix) {
        List<String> keys = new ArrayList<>();
        local.s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream().map(S3Object::key).forEach(keys::add);
        return keys;
    }

    /** The objects that started the runs, in the runs' order, each once. */
    @SuppressWarnings("unchecked")
    private static java.util.LinkedHashSet<Object> keysOf(List<Map<String, Object>> runs) {
        java.util.LinkedHashSet<Object> keys = new java.util.LinkedHashSet<>();
        runs.forEach(r -> keys.add(((Map<String, Object>) r.get("triggerObject")).get("key")));
        return keys;
    }
}
