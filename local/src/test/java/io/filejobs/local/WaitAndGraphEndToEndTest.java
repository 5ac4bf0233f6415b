package io.filejobs.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.filejobs.app.ApiClient;
import io.filejobs.core.testing.Eventually;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Steps with {@code after} and WAIT steps on the embedded runtime, through its HTTP API as a user
 * drives them: steps side by side, a run that shows WAITING until its callback, a second callback
 * refused, a callback that fails the run, a wait that times out, and a wait that outlives a
 * restart of the runtime.
 */
class WaitAndGraphEndToEndTest {

    private static final String KEY = "wait-key";
    private static final Map<String, Object> NO_SCHEDULER = Map.of("filejobs.local.scheduler.enabled", "false");

    /** Two copies side by side, then a WAIT for both, then a copy of what they wrote. */
    private static String releaseJob(String name, String timeout) {
        return "{\"name\":\"" + name + "\",\"steps\":["
                + "{\"id\":0,\"name\":\"copy-a\",\"action\":\"COPY\",\"source\":\"bucket1/" + name + "/a.txt\",\"destination\":\"bucket2/" + name + "/a.txt\",\"after\":[]},"
                + "{\"id\":1,\"name\":\"copy-b\",\"action\":\"COPY\",\"source\":\"bucket1/" + name + "/b.txt\",\"destination\":\"bucket2/" + name + "/b.txt\",\"after\":[]},"
                + "{\"id\":2,\"name\":\"approval\",\"action\":\"WAIT\",\"for\":\"CALLBACK\",\"timeout\":\"" + timeout + "\",\"after\":[0,1]},"
                + "{\"id\":3,\"name\":\"archive\",\"action\":\"COPY\",\"source\":\"bucket2/" + name + "/a.txt\",\"destination\":\"bucket3/" + name + "/a.txt\"}]}";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> run(LocalFixture local, String jobId, String runId) {
        return local.call("GET", "/jobs/" + jobId + "/runs/" + runId, null).json();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> step(Map<String, Object> run, int id) {
        return ((List<Map<String, Object>>) run.get("steps")).get(id);
    }

    private static String start(LocalFixture local, String jobId) {
        ApiClient.Response started = local.call("POST", "/jobs/" + jobId + "/runs", null);
        assertEquals(202, started.status(), started::toString);
        return (String) started.json().get("runId");
    }

    private static Map<String, Object> awaitStatus(LocalFixture local, String jobId, String runId, String status) {
        return Eventually.await("run " + runId + " " + status, Duration.ofSeconds(30), () -> run(local, jobId, runId),
                r -> status.equals(r.get("status")));
    }

    private static List<String> notifications(LocalFixture local) {
        Path file = local.dataDir.resolve("notifications.jsonl");
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aRunWaitsForItsCallbackThenGoesOnAndASecondAnswerIsRefused() throws Exception {
        try (LocalFixture local = LocalFixture.start(KEY, Map.of(), NO_SCHEDULER)) {
            local.put("bucket1", "release/a.txt", "package a");
            local.put("bucket1", "release/b.txt", "package b");
            String jobId = local.createCheckedJob(releaseJob("release", "P2D"));
            String runId = start(local, jobId);

            Map<String, Object> waiting = awaitStatus(local, jobId, runId, "WAITING");

            assertEquals("SUCCEEDED", step(waiting, 0).get("status"));
            assertEquals("SUCCEEDED", step(waiting, 1).get("status"));
            assertEquals("WAITING", step(waiting, 2).get("status"));
            assertEquals("PENDING", step(waiting, 3).get("status"));
            Instant waitStarted = Instant.parse((String) step(waiting, 2).get("startedAt"));
            for (int i = 0; i < 2; i++) {
                assertFalse(Instant.parse((String) step(waiting, i).get("finishedAt")).isAfter(waitStarted), "the WAIT came after both copies");
            }
            Instant until = Instant.parse((String) step(waiting, 2).get("waitingUntil"));
            assertTrue(Duration.between(waitStarted, until).compareTo(Duration.ofDays(2).minusSeconds(5)) >= 0, "it waits two days: " + until);
            assertFalse(waiting.toString().contains("token"), "the task token is never shown: " + waiting);
            String callback = "/jobs/" + jobId + "/runs/" + runId + "/steps/2/callback";
            String notice = notifications(local).stream().filter(l -> l.contains("\"WAITING\"")).findFirst().orElseThrow();
            assertTrue(notice.contains(callback), notice);

            // What the route refuses before anything changes.
            assertEquals(409, local.call("POST", "/jobs/" + jobId + "/runs/" + runId + "/steps/0/callback", "{\"outcome\":\"SUCCEEDED\"}").status());
            assertEquals("NOT_WAITING", local.call("POST", "/jobs/" + jobId + "/runs/" + runId + "/steps/3/callback",
                    "{\"outcome\":\"SUCCEEDED\"}").json().get("code"));
            ApiClient.Response bad = local.call("POST", callback, "{\"outcome\":\"MAYBE\",\"extra\":1}");
            assertEquals(400, bad.status(), bad::toString);
            assertTrue(bad.body().contains("outcome") && bad.body().contains("extra"), bad.body());
            assertEquals(400, local.call("POST", callback, "not json").status());
            assertEquals(404, local.call("POST", "/jobs/" + jobId + "/runs/" + runId + "/steps/9/callback", "{\"outcome\":\"SUCCEEDED\"}").status());

            ApiClient.Response answered = local.call("POST", callback,
                    "{\"outcome\":\"SUCCEEDED\",\"message\":\"ticket REL-1 closed\",\"output\":{\"ticket\":\"REL-1\",\"approvers\":[\"ana\"]}}");
            assertEquals(200, answered.status(), answered::toString);
            assertEquals("SUCCEEDED", answered.json().get("status"));

            Map<String, Object> done = awaitStatus(local, jobId, runId, "SUCCEEDED");
            assertEquals("package a", local.s3.getObjectAsBytes(b -> b.bucket("bucket3").key("release/a.txt")).asUtf8String());
            @SuppressWarnings("unchecked")
            Map<String, Object> kept = (Map<String, Object>) step(done, 2).get("callback");
            assertEquals("ticket REL-1 closed", kept.get("message"));
            assertEquals(Map.of("ticket", "REL-1", "approvers", List.of("ana")), kept.get("output"));

            ApiClient.Response again = local.call("POST", callback, "{\"outcome\":\"FAILED\"}");
            assertEquals(409, again.status(), again::toString);
            assertEquals("ALREADY_DONE", again.json().get("code"));
            assertEquals("SUCCEEDED", run(local, jobId, runId).get("status"), "the second answer changed nothing");
        }
    }

    @Test
    void aCallbackThatAnswersFailedFailsTheRunAndAlertsWithTheRoute() throws Exception {
        try (LocalFixture local = LocalFixture.start(KEY, Map.of(), NO_SCHEDULER)) {
            local.put("bucket1", "refused/a.txt", "a");
            local.put("bucket1", "refused/b.txt", "b");
            String jobId = local.createCheckedJob(releaseJob("refused", "P1D"));
            String runId = start(local, jobId);
            awaitStatus(local, jobId, runId, "WAITING");
            String callback = "/jobs/" + jobId + "/runs/" + runId + "/steps/2/callback";

            assertEquals(200, local.call("POST", callback, "{\"outcome\":\"FAILED\",\"message\":\"ticket REL-2 rejected\"}").status());

            Map<String, Object> failed = awaitStatus(local, jobId, runId, "FAILED");
            @SuppressWarnings("unchecked")
            Map<String, Object> error = (Map<String, Object>) failed.get("error");
            assertEquals("CALLBACK_REJECTED", error.get("code"));
            assertTrue(((String) error.get("message")).contains("ticket REL-2 rejected"), error.toString());
            assertEquals("FAILED", step(failed, 2).get("status"));
            assertEquals("PENDING", step(failed, 3).get("status"), "nothing ran after the rejected step");
            assertFalse(local.s3.listObjectsV2(b -> b.bucket("bucket3").prefix("refused/")).hasContents());
            String alert = Eventually.await("the alert", Duration.ofSeconds(10), () -> notifications(local).stream()
                    .filter(l -> l.contains("CALLBACK_REJECTED")).findFirst(), java.util.Optional::isPresent).orElseThrow();
            assertTrue(alert.contains(callback), alert);
        }
    }

    @Test
    void aWaitWithoutAnAnswerTimesOut() throws Exception {
        try (LocalFixture local = LocalFixture.start(KEY, Map.of(), NO_SCHEDULER)) {
            local.put("bucket1", "late/a.txt", "a");
            local.put("bucket1", "late/b.txt", "b");
            String jobId = local.createCheckedJob(releaseJob("late", "PT2S"));
            String runId = start(local, jobId);

            Map<String, Object> failed = awaitStatus(local, jobId, runId, "FAILED");

            @SuppressWarnings("unchecked")
            Map<String, Object> error = (Map<String, Object>) failed.get("error");
            assertEquals("TIMEOUT", error.get("code"), failed::toString);
            assertEquals(2, ((Number) error.get("stepId")).intValue());
            assertEquals("FAILED", step(failed, 2).get("status"));
            Eventually.await("the alert", Duration.ofSeconds(10), () -> notifications(local).stream().anyMatch(l -> l.contains("TIMEOUT")), b -> b);
            ApiClient.Response late = local.call("POST", "/jobs/" + jobId + "/runs/" + runId + "/steps/2/callback", "{\"outcome\":\"SUCCEEDED\"}");
            assertEquals("NOT_WAITING", late.json().get("code"), late::toString);
        }
    }

    @Test
    void aRunThatWaitsWhenTheRuntimeStopsStillWaitsAfterItStartsAgainAndTheCallbackResumesIt() throws Exception {
        LocalFixture local = LocalFixture.start(KEY, Map.of(), NO_SCHEDULER);
        try {
            local.put("bucket1", "restart/a.txt", "a");
            local.put("bucket1", "restart/b.txt", "b");
            String jobId = local.createCheckedJob(releaseJob("restart", "P1D"));
            String runId = start(local, jobId);
            String until = (String) step(awaitStatus(local, jobId, runId, "WAITING"), 2).get("waitingUntil");

            local = local.restart(Map.of(), NO_SCHEDULER);

            LocalFixture restarted = local;
            Map<String, Object> still = awaitStatus(restarted, jobId, runId, "WAITING");
            assertEquals(until, step(still, 2).get("waitingUntil"), "the wait keeps its deadline across the restart");
            ApiClient.Response answered = Eventually.await("the callback taken", Duration.ofSeconds(20), () -> restarted.call("POST",
                    "/jobs/" + jobId + "/runs/" + runId + "/steps/2/callback", "{\"outcome\":\"SUCCEEDED\"}"), r -> r.status() != 503);
            assertEquals(200, answered.status(), answered::toString);
            awaitStatus(restarted, jobId, runId, "SUCCEEDED");
            assertNotNull(restarted.s3.getObjectAsBytes(b -> b.bucket("bucket3").key("restart/a.txt")));
        } finally {
            local.close();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aGraphThatCannotRunIsRefusedNamingTheField() throws Exception {
        try (LocalFixture local = LocalFixture.start(KEY, Map.of(), NO_SCHEDULER)) {
            String copy = "\"action\":\"COPY\",\"source\":\"bucket1/g/in.txt\",\"destination\":";
            Map<String, String> refusals = Map.of(
                    "{\"name\":\"circle\",\"steps\":[{\"id\":0,\"name\":\"a\"," + copy + "\"bucket2/g/a.txt\",\"after\":[1]},"
                            + "{\"id\":1,\"name\":\"b\"," + copy + "\"bucket2/g/b.txt\"}]}", "steps[0].after",
                    "{\"name\":\"unknown\",\"steps\":[{\"id\":0,\"name\":\"a\"," + copy + "\"bucket2/g/a.txt\",\"after\":[7]}]}", "steps[0].after[0]",
                    "{\"name\":\"itself\",\"steps\":[{\"id\":0,\"name\":\"a\"," + copy + "\"bucket2/g/a.txt\",\"after\":[0]}]}", "steps[0].after[0]",
                    "{\"name\":\"two-writers\",\"steps\":[{\"id\":0,\"name\":\"a\"," + copy + "\"bucket2/g/same.txt\",\"after\":[]},"
                            + "{\"id\":1,\"name\":\"b\"," + copy + "\"bucket2/g/same.txt\",\"after\":[]}]}", "steps[1].after",
                    "{\"name\":\"reader-beside-writer\",\"steps\":[{\"id\":0,\"name\":\"a\"," + copy + "\"bucket2/g/mid.txt\",\"after\":[]},"
                            + "{\"id\":1,\"name\":\"b\",\"action\":\"COPY\",\"source\":\"bucket2/g/mid.txt\",\"destination\":\"bucket3/g/out.txt\",\"after\":[]}]}",
                    "steps[1].after",
                    "{\"name\":\"not-a-list\",\"steps\":[{\"id\":0,\"name\":\"a\"," + copy + "\"bucket2/g/a.txt\",\"after\":1}]}", "steps[0].after",
                    "{\"name\":\"bad-wait\",\"steps\":[{\"id\":0,\"name\":\"w\",\"action\":\"WAIT\",\"for\":\"EMAIL\",\"timeout\":\"2 days\"}]}",
                    "steps[0].for");
            refusals.forEach((body, field) -> {
                ApiClient.Response refused = local.call("POST", "/jobs", body);
                assertEquals(400, refused.status(), refused::toString);
                List<Map<String, Object>> errors = (List<Map<String, Object>>) refused.json().get("errors");
                assertTrue(errors.stream().anyMatch(e -> field.equals(e.get("field"))), field + " in " + refused.body());
            });
            // The same writer and reader, one after the other, are fine.
            ApiClient.Response ordered = local.call("POST", "/jobs", "{\"name\":\"ordered\",\"steps\":[{\"id\":0,\"name\":\"a\"," + copy
                    + "\"bucket2/g/mid.txt\",\"after\":[]},{\"id\":1,\"name\":\"b\",\"action\":\"COPY\",\"source\":\"bucket2/g/mid.txt\","
                    + "\"destination\":\"bucket3/g/out.txt\",\"after\":[0]}]}");
            assertEquals(201, ordered.status(), ordered::toString);
            assertEquals(List.of(0), ((List<Map<String, Object>>) ordered.json().get("steps")).get(1).get("after"));
        }
    }

    /**
     * The release example: three HTTP calls side by side (the server holds each for a while and
     * records when it arrived: they overlap), then a WAIT answered through the API, then a COPY.
     */
    @Test
    void threeCallsSideBySideThenAWaitThenACopy() throws Exception {
        List<Instant> arrivals = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.2", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.createContext("/", exchange -> {
            arrivals.add(Instant.now());
            exchange.getRequestBody().readAllBytes();
            try {
                Thread.sleep(800);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = ("{\"called\":\"" + exchange.getRequestURI().getPath() + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        String api = "http://127.0.0.2:" + server.getAddress().getPort();
        try (LocalFixture local = LocalFixture.start(KEY, Map.of(), Map.of("filejobs.local.scheduler.enabled", "false",
                "filejobs.http.allowed-hosts", "127.0.0.2"))) {
            local.put("bucket1", "pkg/app.zip", "the package");
            String call = "\"action\":\"HTTP\",\"method\":\"POST\",\"after\":[],\"body\":{\"run\":\"x\"},\"url\":\"" + api;
            String jobId = local.createCheckedJob("{\"name\":\"release-train\",\"steps\":["
                    + "{\"id\":0,\"name\":\"validate\"," + call + "/validate\",\"outputTo\":\"bucket2/train/validation.json\"},"
                    + "{\"id\":1,\"name\":\"deploy\"," + call + "/deploy\"},"
                    + "{\"id\":2,\"name\":\"notify\"," + call + "/notify\"},"
                    + "{\"id\":3,\"name\":\"ticket\",\"action\":\"WAIT\",\"for\":\"CALLBACK\",\"timeout\":\"P2D\",\"after\":[0,1,2]},"
                    + "{\"id\":4,\"name\":\"archive\",\"action\":\"COPY\",\"source\":\"bucket1/pkg/app.zip\","
                    + "\"destination\":\"bucket3/archive/app.zip\"}]}");
            String runId = start(local, jobId);

            Map<String, Object> waiting = awaitStatus(local, jobId, runId, "WAITING");

            assertEquals(3, arrivals.size(), arrivals::toString);
            Instant first = arrivals.stream().min(Instant::compareTo).orElseThrow();
            Instant last = arrivals.stream().max(Instant::compareTo).orElseThrow();
            assertTrue(Duration.between(first, last).toMillis() < 800, "the three calls overlapped: " + arrivals);
            // The steps' own times say so too: each started before any of the others ended.
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    assertTrue(!Instant.parse((String) step(waiting, i).get("startedAt")).isAfter(
                            Instant.parse((String) step(waiting, j).get("finishedAt"))), "steps " + i + " and " + j + " overlap: " + waiting);
                }
            }
            assertEquals("{\"called\":\"/validate\"}", local.s3.getObjectAsBytes(b -> b.bucket("bucket2").key("train/validation.json")).asUtf8String());
            assertEquals(200, local.call("POST", "/jobs/" + jobId + "/runs/" + runId + "/steps/3/callback", "{\"outcome\":\"SUCCEEDED\"}").status());
            awaitStatus(local, jobId, runId, "SUCCEEDED");
            assertEquals("the package", local.s3.getObjectAsBytes(b -> b.bucket("bucket3").key("archive/app.zip")).asUtf8String());
        } finally {
            server.stop(0);
        }
    }

    /** More runs wait than runs may work at once (4): none of them holds a place, so another job's run still goes through. */
    @Test
    void runsThatWaitDoNotKeepOtherRunsFromWorking() throws Exception {
        try (LocalFixture local = LocalFixture.start(KEY, Map.of(), NO_SCHEDULER)) {
            String waiter = local.createCheckedJob("{\"name\":\"approvals\",\"overlap\":\"ALLOW\",\"steps\":["
                    + "{\"id\":0,\"name\":\"approval\",\"action\":\"WAIT\",\"for\":\"CALLBACK\",\"timeout\":\"P1D\"}]}");
            List<String> waiting = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                waiting.add(start(local, waiter));
            }
            for (String runId : waiting) {
                awaitStatus(local, waiter, runId, "WAITING");
            }
            local.put("bucket1", "busy/in.txt", "still moving");
            String copier = local.createCheckedJob("{\"name\":\"copier\",\"steps\":[{\"id\":0,\"name\":\"c\",\"action\":\"COPY\","
                    + "\"source\":\"bucket1/busy/in.txt\",\"destination\":\"bucket2/busy/out.txt\"}]}");
            awaitStatus(local, copier, start(local, copier), "SUCCEEDED");
            for (String runId : waiting) {
                assertEquals(200, local.call("POST", "/jobs/" + waiter + "/runs/" + runId + "/steps/0/callback", "{\"outcome\":\"SUCCEEDED\"}")
                        .status());
            }
            for (String runId : waiting) {
                awaitStatus(local, waiter, runId, "SUCCEEDED");
            }
        }
    }
}
