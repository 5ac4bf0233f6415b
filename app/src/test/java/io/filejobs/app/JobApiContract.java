package io.filejobs.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The job API as a client sees it. Each subclass supplies a way to reach the API (the Lambda
 * adapter, or the embedded runtime over HTTP) configured with the key {@link #API_KEY} and the
 * allow-list bucket1, bucket2, bucket3; the same assertions hold for both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class JobApiContract {

    public static final String API_KEY = "contract-test-key";
    public static final String ALLOWED_BUCKETS = "bucket1,bucket2,bucket3";

    public static final String DESIGN_EXAMPLE = """
            {
              "name": "merge-copy-delete",
              "description": "nightly merge of the day's two extracts",
              "schedule": "cron(0 1 * * ? *)",
              "timezone": "Europe/Berlin",
              "state": "ENABLED",
              "steps": [
                {"id": 0, "name": "step1", "action": "MERGE", "sources": ["bucket1/file1.txt", "bucket1/file2.txt"], "destination": "bucket1/merged_files.txt"},
                {"id": 1, "name": "step2", "action": "COPY",  "source": "bucket1/merged_files.txt", "destination": "bucket2/merged_files.txt"},
                {"id": 2, "name": "step3", "action": "MOVE",  "source": "bucket1/merged_files.txt", "destination": "bucket3/merged_files.txt"},
                {"id": 3, "name": "step4", "action": "DELETE", "source": "bucket1/file1.txt"},
                {"id": 4, "name": "step5", "action": "DELETE", "source": "bucket1/file2.txt"}
              ]
            }
            """;

    /** The job named in DESIGN.md's execution-document example, with one COPY step. */
    public static final String COPY_EXAMPLE = """
            {"name": "test-copy-job", "steps": [
              {"id": 0, "name": "copy", "action": "COPY", "source": "bucket1/in/a b+c%.txt", "destination": "bucket2/out/ünïcode/a b+c%.txt"}
            ]}
            """;

    protected abstract ApiClient client();

    // ---- helpers

    protected ApiClient.Response call(String method, String path, String body, String... headerPairs) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-api-key", API_KEY);
        if (body != null) {
            headers.put("Content-Type", "application/json");
        }
        for (int i = 0; i < headerPairs.length; i += 2) {
            if (headerPairs[i + 1] == null) {
                headers.remove(headerPairs[i]);
            } else {
                headers.put(headerPairs[i], headerPairs[i + 1]);
            }
        }
        ApiClient.Response response = client().send(method, path, headers, body);
        OpenApiConformance.check(method, path, response);
        return response;
    }

    protected Map<String, Object> createJob(String body) {
        ApiClient.Response created = call("POST", "/jobs", body);
        assertEquals(201, created.status(), created::toString);
        return created.json();
    }

    static String job(String name, String extraFields) {
        return "{\"name\":\"" + name + "\"," + extraFields + (extraFields.isEmpty() ? "" : ",")
                + "\"steps\":[{\"id\":0,\"name\":\"s\",\"action\":\"DELETE\",\"source\":\"bucket1/x\"}]}";
    }

    /** A job without its validation status, which the asynchronous check may change at any moment. */
    static Map<String, Object> withoutValidation(Map<String, Object> job) {
        Map<String, Object> copy = new LinkedHashMap<>(job);
        copy.remove("validation");
        return copy;
    }

    public static void assertProblem(ApiClient.Response response, int status, String code) {
        assertEquals(status, response.status(), response::toString);
        assertTrue(response.header("content-type").startsWith("application/problem+json"), response::toString);
        Map<String, Object> problem = response.json();
        assertEquals(code, problem.get("code"), response::toString);
        assertEquals(status, ((Number) problem.get("status")).intValue());
        assertNotNull(problem.get("type"));
        assertNotNull(problem.get("title"));
        assertNotNull(problem.get("detail"));
    }

    @SuppressWarnings("unchecked")
    static List<String> errorFields(ApiClient.Response response) {
        List<Map<String, Object>> errors = (List<Map<String, Object>>) response.json().get("errors");
        return errors == null ? List.of() : errors.stream().map(e -> (String) e.get("field")).toList();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> items(ApiClient.Response page) {
        return (List<Map<String, Object>>) page.json().get("items");
    }

    // ---- round trips

    @Test
    @SuppressWarnings("unchecked")
    void theDesignExampleRoundTripsThroughPostAndGet() {
        ApiClient.Response created = call("POST", "/jobs", DESIGN_EXAMPLE);
        assertEquals(201, created.status(), created::toString);
        Map<String, Object> job = created.json();
        String id = (String) job.get("id");
        assertTrue(id.matches("[0-9a-z]{13}"), id);
        assertEquals("/jobs/" + id, created.header("location"));
        assertEquals("\"1\"", created.header("etag"));
        assertEquals(1, ((Number) job.get("version")).intValue());
        assertEquals("PENDING", ((Map<String, Object>) job.get("validation")).get("status"));
        assertNotNull(job.get("createdAt"));
        assertEquals(job.get("createdAt"), job.get("updatedAt"));
        List<String> nextRuns = (List<String>) job.get("nextRuns");
        assertEquals(5, nextRuns.size(), "an ENABLED, scheduled job shows its next five fire times");
        nextRuns.forEach(t -> assertTrue(t.matches("\\d{4}-\\d\\d-\\d\\dT01:00:00\\+0[12]:00"), t + ": 1 am Berlin time, +01:00 or +02:00"));
        assertEquals(nextRuns.stream().sorted().toList(), nextRuns);

        ApiClient.Response read = call("GET", "/jobs/" + id, null);
        assertEquals(200, read.status(), read::toString);
        assertEquals("\"1\"", read.header("etag"));
        Map<String, Object> fetched = read.json();
        assertEquals(withoutValidation(job), withoutValidation(fetched));

        Map<String, Object> sent = new ApiClient.Response(200, Map.of(), DESIGN_EXAMPLE).json();
        for (String field : List.of("name", "description", "schedule", "timezone", "state", "steps")) {
            assertEquals(sent.get(field), fetched.get(field), field);
        }
    }

    @Test
    void theCopyExampleRoundTripsWithUnicodeSpacesPlusAndPercentInKeys() {
        Map<String, Object> job = createJob(COPY_EXAMPLE);
        assertEquals("UTC", job.get("timezone"));
        assertEquals("ENABLED", job.get("state"));
        assertEquals("SKIP", job.get("overlap"), "the default overlap policy is shown");
        assertFalse(job.containsKey("schedule"));
        Map<String, Object> fetched = call("GET", "/jobs/" + job.get("id"), null).json();
        assertEquals(job.get("steps"), fetched.get("steps"));
        assertEquals(List.of(), fetched.get("nextRuns"));
    }

    @Test
    void serverOwnedFieldsInTheBodyAreIgnored() {
        Map<String, Object> job = createJob(job("ignores-server-fields",
                "\"id\":\"zzzzzzzzzzzzz\",\"version\":99,\"createdAt\":\"1999-01-01T00:00:00Z\",\"validation\":{\"status\":\"VALID\"},\"nextRuns\":[]"));
        assertNotEquals("zzzzzzzzzzzzz", job.get("id"));
        assertEquals(1, ((Number) job.get("version")).intValue());
        assertNotEquals("1999-01-01T00:00:00Z", job.get("createdAt"));
    }

    @Test
    void aJobReadBackCanBePutBackUnchanged() {
        Map<String, Object> job = createJob(DESIGN_EXAMPLE);
        ApiClient.Response read = call("GET", "/jobs/" + job.get("id"), null);
        ApiClient.Response put = call("PUT", "/jobs/" + job.get("id"), read.body(), "If-Match", read.header("etag"));
        assertEquals(200, put.status(), put::toString);
        assertEquals("\"2\"", put.header("etag"));
    }

    // ---- replace and delete, with If-Match

    @Test
    void putReplacesTheDefinitionAndHonoursIfMatch() {
        Map<String, Object> job = createJob(job("before", "\"schedule\":\"rate(1 hour)\""));
        String path = "/jobs/" + job.get("id");
        assertEquals(5, ((List<?>) job.get("nextRuns")).size());

        ApiClient.Response stale = call("PUT", path, job("stale", ""), "If-Match", "\"7\"");
        assertProblem(stale, 412, "PRECONDITION_FAILED");

        ApiClient.Response put = call("PUT", path, job("after", "\"state\":\"DISABLED\",\"schedule\":\"rate(1 hour)\",\"overlap\":\"ALLOW\""), "If-Match", "\"1\"");
        assertEquals(200, put.status(), put::toString);
        assertEquals("\"2\"", put.header("etag"));
        Map<String, Object> updated = put.json();
        assertEquals("after", updated.get("name"));
        assertEquals("DISABLED", updated.get("state"));
        assertEquals("ALLOW", updated.get("overlap"));
        assertEquals(List.of(), updated.get("nextRuns"), "a DISABLED job has no next runs");
        assertEquals(2, ((Number) updated.get("version")).intValue());
        assertEquals(job.get("createdAt"), updated.get("createdAt"));

        ApiClient.Response unconditional = call("PUT", path, job("again", ""));
        assertEquals(200, unconditional.status(), unconditional::toString);
        assertEquals("\"3\"", unconditional.header("etag"));

        ApiClient.Response wildcard = call("PUT", path, job("wildcard", ""), "If-Match", "*");
        assertEquals(200, wildcard.status(), wildcard::toString);

        ApiClient.Response read = call("GET", path, null);
        assertEquals("wildcard", read.json().get("name"));
        assertEquals("\"4\"", read.header("etag"));
    }

    @Test
    void putOfAnInvalidDefinitionChangesNothing() {
        Map<String, Object> job = createJob(job("keep-me", ""));
        String path = "/jobs/" + job.get("id");
        ApiClient.Response bad = call("PUT", path, "{\"name\":\"keep-me\",\"steps\":[]}");
        assertProblem(bad, 400, "VALIDATION_FAILED");
        ApiClient.Response read = call("GET", path, null);
        assertEquals("\"1\"", read.header("etag"));
        assertEquals(withoutValidation(job), withoutValidation(read.json()));
    }

    @Test
    void deleteRemovesTheJobAndHonoursIfMatch() {
        Map<String, Object> job = createJob(job("to-delete", ""));
        String path = "/jobs/" + job.get("id");
        assertProblem(call("DELETE", path, null, "If-Match", "\"2\""), 412, "PRECONDITION_FAILED");
        assertEquals(200, call("GET", path, null).status());

        ApiClient.Response deleted = call("DELETE", path, null, "If-Match", "\"1\"");
        assertEquals(204, deleted.status(), deleted::toString);
        assertProblem(call("GET", path, null), 404, "JOB_NOT_FOUND");
        assertProblem(call("DELETE", path, null), 404, "JOB_NOT_FOUND");
        assertProblem(call("PUT", path, job("gone", "")), 404, "JOB_NOT_FOUND");
    }

    @Test
    void unknownAndMalformedJobIdsAreNotFound() {
        assertProblem(call("GET", "/jobs/0000000000000", null), 404, "JOB_NOT_FOUND");
        assertProblem(call("GET", "/jobs/NOT-AN-ID", null), 404, "JOB_NOT_FOUND");
        assertProblem(call("DELETE", "/jobs/%E2%9C%93", null), 404, "JOB_NOT_FOUND");
    }

    @Test
    void concurrentPutsWithTheSameIfMatchHaveExactlyOneWinner() throws Exception {
        Map<String, Object> job = createJob(job("contended", ""));
        String path = "/jobs/" + job.get("id");
        int writers = 20;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ApiClient.Response>> results = new ArrayList<>();
        try {
            for (int i = 0; i < writers; i++) {
                String body = job("writer-" + i, "");
                Callable<ApiClient.Response> put = () -> {
                    start.await();
                    return call("PUT", path, body, "If-Match", "\"1\"");
                };
                results.add(pool.submit(put));
            }
            start.countDown();
            List<ApiClient.Response> responses = new ArrayList<>();
            for (Future<ApiClient.Response> f : results) {
                responses.add(f.get());
            }
            List<ApiClient.Response> winners = responses.stream().filter(r -> r.status() == 200).toList();
            assertEquals(1, winners.size(), () -> responses.toString());
            responses.stream().filter(r -> r.status() != 200).forEach(r -> assertProblem(r, 412, "PRECONDITION_FAILED"));
            ApiClient.Response stored = call("GET", path, null);
            assertEquals(winners.get(0).json().get("name"), stored.json().get("name"));
            assertEquals("\"2\"", stored.header("etag"));
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- listing

    private List<String> walk(int limit) {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            ApiClient.Response page = call("GET", "/jobs?limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor), null);
            assertEquals(200, page.status(), page::toString);
            List<Map<String, Object>> items = items(page);
            assertTrue(items.size() <= limit);
            items.forEach(i -> seen.add((String) i.get("id")));
            cursor = (String) page.json().get("nextCursor");
            assertTrue(page.json().containsKey("nextCursor"));
            if (cursor != null) {
                assertEquals(limit, items.size(), "only the last page may be short");
            }
        } while (cursor != null);
        return seen;
    }

    @Test
    void listingPagesThroughEveryJobExactlyOnceInAStableOrder() {
        for (int i = 0; i < 7; i++) {
            createJob(job("listed-" + i, ""));
        }
        List<String> all = walk(100);
        assertEquals(all.size(), new HashSet<>(all).size(), "no job twice");
        assertEquals(all, walk(3), "pages of 3 see the same jobs in the same order");
        assertEquals(all, walk(1));
        // A page boundary that falls exactly on the end: one full page, and no cursor to an empty one.
        ApiClient.Response exact = call("GET", "/jobs?limit=" + all.size(), null);
        assertEquals(all.size(), items(exact).size());
        assertNull(exact.json().get("nextCursor"));
        ApiClient.Response defaults = call("GET", "/jobs", null);
        assertEquals(Math.min(20, all.size()), items(defaults).size());
    }

    /**
     * A DELETE without If-Match: a job's background check may write the job at the same moment,
     * which the API answers 409 CONFLICT ("read again, retry"); a client retries, and so does this.
     */
    private int deleteRacingTheCheck(String id) {
        int status = call("DELETE", "/jobs/" + id, null).status();
        for (int attempt = 0; status == 409 && attempt < 5; attempt++) {
            status = call("DELETE", "/jobs/" + id, null).status();
        }
        return status;
    }

    @Test
    void aJobDeletedMidWalkIsSkippedAndTheRestAreSeenOnce() {
        for (int i = 0; i < 6; i++) {
            createJob(job("midwalk-" + i, ""));
        }
        List<String> before = walk(100);
        ApiClient.Response first = call("GET", "/jobs?limit=2", null);
        List<String> seen = new ArrayList<>();
        items(first).forEach(i -> seen.add((String) i.get("id")));
        String cursor = (String) first.json().get("nextCursor");
        // Delete the last job already seen (the cursor's own position) and one not yet seen.
        String deletedSeen = seen.get(1);
        String deletedAhead = before.get(before.size() - 1);
        assertEquals(204, deleteRacingTheCheck(deletedSeen));
        assertEquals(204, deleteRacingTheCheck(deletedAhead));
        while (cursor != null) {
            ApiClient.Response page = call("GET", "/jobs?limit=2&cursor=" + cursor, null);
            assertEquals(200, page.status(), page::toString);
            items(page).forEach(i -> seen.add((String) i.get("id")));
            cursor = (String) page.json().get("nextCursor");
        }
        List<String> expected = new ArrayList<>(before);
        expected.remove(deletedAhead);
        assertEquals(expected, seen);
    }

    @Test
    void badPageParametersAreValidationErrorsNamingTheParameter() {
        for (String limit : List.of("0", "101", "-1", "abc", "1.5")) {
            ApiClient.Response response = call("GET", "/jobs?limit=" + limit, null);
            assertProblem(response, 400, "VALIDATION_FAILED");
            assertEquals(List.of("limit"), errorFields(response), limit);
        }
        for (String cursor : List.of("garbage", "%2F%2F%2F", "ajE6bm90LWFuLWlk")) {
            ApiClient.Response response = call("GET", "/jobs?cursor=" + cursor, null);
            assertProblem(response, 400, "VALIDATION_FAILED");
            assertEquals(List.of("cursor"), errorFields(response), cursor);
        }
    }

    // ---- the key

    @Test
    void everyRouteButHealthNeedsTheApiKey() {
        for (String[] route : new String[][] {{"GET", "/jobs"}, {"POST", "/jobs"}, {"GET", "/jobs/0000000000000"},
                {"PUT", "/jobs/0000000000000"}, {"DELETE", "/jobs/0000000000000"}, {"GET", "/nowhere"}, {"POST", "/plan"},
                {"POST", "/jobs/0000000000000/plan"}, {"GET", "/jobs/0000000000000/runs/20261127T000000000Z-mabcdef/steps/0/objects"}}) {
            String body = route[0].startsWith("P") ? job("k", "") : null;
            assertProblem(call(route[0], route[1], body, "x-api-key", null), 401, "UNAUTHORIZED");
            assertProblem(call(route[0], route[1], body, "x-api-key", "wrong-key"), 401, "UNAUTHORIZED");
        }
        ApiClient.Response health = call("GET", "/health", null, "x-api-key", null);
        assertEquals(200, health.status(), health::toString);
        assertEquals("UP", health.json().get("status"));
    }

    @Test
    void theApiDescribesItselfWithoutAKey() {
        ApiClient.Response document = call("GET", "/openapi.yml", null, "x-api-key", null);
        assertEquals(200, document.status(), document::toString);
        assertTrue(document.header("Content-Type").startsWith("application/yaml"), document::toString);
        assertEquals(OpenApiConformance.document(), document.body(), "the document served is the one the build generated");

        ApiClient.Response docs = call("GET", "/docs", null, "x-api-key", null);
        assertEquals(200, docs.status(), docs::toString);
        assertTrue(docs.header("Content-Type").startsWith("text/html"), docs::toString);
        assertTrue(docs.body().contains("'/openapi.yml'") && docs.body().contains("/docs/res/swagger-ui-bundle.js"), "Swagger UI over /openapi.yml");
        ApiClient.Response script = call("GET", "/docs/res/swagger-ui-bundle.js", null, "x-api-key", null);
        assertEquals(200, script.status(), () -> script.status() + " " + script.headers());
        assertTrue(script.header("Content-Type").startsWith("text/javascript"), script.headers()::toString);
        for (String missing : new String[] {"/docs/res/nothing.js", "/docs/res/..%2Fswagger-ui%2Findex.html", "/docs/res/index.html"}) {
            assertProblem(call("GET", missing, null, "x-api-key", null), 404, "ROUTE_NOT_FOUND");
        }
    }

    @Test
    void theConsoleIsServedWithoutAKeyUnderAStrictPolicy() {
        ApiClient.Response page = call("GET", "/console", null, "x-api-key", null);
        assertEquals(200, page.status(), page::toString);
        assertTrue(page.header("Content-Type").startsWith("text/html"), page::toString);
        String policy = page.header("Content-Security-Policy");
        assertNotNull(policy, page::toString);
        for (String rule : new String[] {"default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'", "frame-ancestors 'none'"}) {
            assertTrue(policy.contains(rule), policy);
        }
        assertFalse(page.body().contains("<script>") || page.body().contains("style="), "no inline script or style: " + page.body());
        for (String[] asset : new String[][] {{"console.js", "text/javascript"}, {"console.css", "text/css"}}) {
            ApiClient.Response file = call("GET", "/console/" + asset[0], null, "x-api-key", null);
            assertEquals(200, file.status(), () -> asset[0] + " " + file.status());
            assertTrue(file.header("Content-Type").startsWith(asset[1]), file.headers()::toString);
            assertEquals("nosniff", file.header("X-Content-Type-Options"));
        }
        assertFalse(call("GET", "/console/console.js", null, "x-api-key", null).body().contains("innerHTML"),
                "the console puts text into the page as text");
        assertProblem(call("GET", "/console/nothing.js", null, "x-api-key", null), 404, "ROUTE_NOT_FOUND");
    }

    // ---- plans and the per-object ledger

    @Test
    @SuppressWarnings("unchecked")
    void aPlanOfAnUnsavedDefinitionSaysWhatEachStepWouldDoAndStoresNothing() {
        List<Object> jobsBefore = (List<Object>) call("GET", "/jobs?limit=100", null).json().get("items");
        ApiClient.Response plan = call("POST", "/plan?at=2026-11-28T01:00:00%2B01:00", DESIGN_EXAMPLE);
        assertEquals(200, plan.status(), plan::toString);
        assertEquals(null, plan.json().get("jobId"));
        assertEquals("2026-11-28T00:00:00Z", plan.json().get("logicalTime"));
        List<Map<String, Object>> steps = (List<Map<String, Object>>) plan.json().get("steps");
        assertEquals(List.of("MERGE", "COPY", "MOVE", "DELETE", "DELETE"), steps.stream().map(s -> s.get("action")).toList());
        for (Map<String, Object> step : steps) {
            assertTrue(List.of("WOULD_SUCCEED", "WOULD_FAIL", "NOT_REACHED").contains(step.get("status")), step::toString);
            assertTrue(step.get("objects") instanceof Map<?, ?> && step.get("requests") instanceof Map<?, ?>, step::toString);
        }
        assertEquals(jobsBefore, call("GET", "/jobs?limit=100", null).json().get("items"), "a plan stores no job");
    }

    @Test
    void thePlanAndObjectRoutesRefuseWhatTheyCannotAnswer() {
        assertProblem(call("POST", "/plan?at=next-tuesday", DESIGN_EXAMPLE), 400, "VALIDATION_FAILED");
        assertProblem(call("POST", "/plan", "{\"name\":\"p\",\"steps\":[{\"id\":0,\"name\":\"c\",\"action\":\"COPY\",\"source\":\"bucket1/a\"}]}"),
                400, "VALIDATION_FAILED");
        assertProblem(call("POST", "/plan", "{\"name\":"), 400, "MALFORMED_REQUEST");
        assertProblem(call("POST", "/plan", DESIGN_EXAMPLE, "Content-Type", "text/plain"), 415, "UNSUPPORTED_MEDIA_TYPE");
        assertProblem(call("POST", "/jobs/0000000000000/plan", null), 404, "JOB_NOT_FOUND");
        assertProblem(call("POST", "/jobs/NOT-AN-ID/plan", null), 404, "JOB_NOT_FOUND");
        assertProblem(call("GET", "/jobs/0000000000000/runs/20261127T000000000Z-mabcdef/steps/0/objects", null), 404, "JOB_NOT_FOUND");
        String id = (String) createJob(job("ledgerless", "")).get("id");
        assertProblem(call("GET", "/jobs/" + id + "/runs/20261127T000000000Z-mabcdef/steps/0/objects?status=FAILED", null), 404, "RUN_NOT_FOUND");
        assertProblem(call("POST", "/jobs/" + id + "/plan?at=2026-13-01T00:00:00Z", null), 400, "VALIDATION_FAILED");
    }

    // ---- framework-level refusals

    @Test
    void wrongContentTypeIsUnsupportedMediaType() {
        assertProblem(call("POST", "/jobs", job("t", ""), "Content-Type", "text/plain"), 415, "UNSUPPORTED_MEDIA_TYPE");
        assertProblem(call("POST", "/jobs", "name=x", "Content-Type", "application/x-www-form-urlencoded"), 415, "UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void hugeBodiesArePayloadTooLarge() {
        String padding = "x".repeat(2 * 1024 * 1024);
        ApiClient.Response response = call("POST", "/jobs", job("huge", "\"description\":\"" + padding + "\""));
        assertProblem(response, 413, "PAYLOAD_TOO_LARGE");
    }

    @Test
    void unknownRoutesAndMethodsAreTyped() {
        assertProblem(call("GET", "/nowhere", null), 404, "ROUTE_NOT_FOUND");
        assertProblem(call("PATCH", "/jobs/0000000000000", job("p", "")), 405, "METHOD_NOT_ALLOWED");
    }

    // ---- the bad-input suite

    static Stream<Arguments> badBodies() {
        String longName = "n".repeat(129);
        String hugeKey = "bucket1/" + "k".repeat(1025);
        List<Arguments> cases = new ArrayList<>(List.of(
                Arguments.of("not JSON", "{\"name\": ", 400, "MALFORMED_REQUEST", null),
                Arguments.of("trailing garbage", "{\"name\":\"x\"} xyz", 400, "MALFORMED_REQUEST", null),
                Arguments.of("two JSON values", "{\"name\":\"x\"}{\"name\":\"y\"}", 400, "MALFORMED_REQUEST", null),
                Arguments.of("a duplicated field", "{\"name\":\"x\",\"name\":\"y\",\"steps\":[]}", 400, "MALFORMED_REQUEST", null),
                Arguments.of("empty body", "", 400, "MALFORMED_REQUEST", null),
                Arguments.of("a JSON array", "[]", 400, "MALFORMED_REQUEST", null),
                Arguments.of("a JSON string", "\"job\"", 400, "MALFORMED_REQUEST", null),
                Arguments.of("null", "null", 400, "MALFORMED_REQUEST", null),
                Arguments.of("unknown top-level field", job("x", "\"colour\":\"blue\""), 400, "VALIDATION_FAILED", "colour"),
                Arguments.of("unknown step field", "{\"name\":\"x\",\"steps\":[{\"id\":0,\"name\":\"s\",\"action\":\"DELETE\",\"source\":\"bucket1/x\",\"force\":true}]}",
                        400, "VALIDATION_FAILED", "steps[0].force"),
                Arguments.of("missing name", "{\"steps\":[{\"id\":0,\"name\":\"s\",\"action\":\"DELETE\",\"source\":\"bucket1/x\"}]}", 400, "VALIDATION_FAILED", "name"),
                Arguments.of("missing steps", "{\"name\":\"x\"}", 400, "VALIDATION_FAILED", "steps"),
                Arguments.of("no steps", "{\"name\":\"x\",\"steps\":[]}", 400, "VALIDATION_FAILED", "steps"),
                Arguments.of("name of the wrong type", "{\"name\":42,\"steps\":[{\"id\":0,\"name\":\"s\",\"action\":\"DELETE\",\"source\":\"bucket1/x\"}]}",
                        400, "VALIDATION_FAILED", "name"),
                Arguments.of("steps of the wrong type", "{\"name\":\"x\",\"steps\":{}}", 400, "VALIDATION_FAILED", "steps"),
                Arguments.of("a step that is not an object", "{\"name\":\"x\",\"steps\":[\"COPY\"]}", 400, "VALIDATION_FAILED", "steps[0]"),
                Arguments.of("id as a string", "{\"name\":\"x\",\"steps\":[{\"id\":\"0\",\"name\":\"s\",\"action\":\"DELETE\",\"source\":\"bucket1/x\"}]}",
                        400, "VALIDATION_FAILED", "steps[0].id"),
                Arguments.of("fractional id", "{\"name\":\"x\",\"steps\":[{\"id\":0.5,\"name\":\"s\",\"action\":\"DELETE\",\"source\":\"bucket1/x\"}]}",
                        400, "VALIDATION_FAILED", "steps[0].id"),
                Arguments.of("huge id", "{\"name\":\"x\",\"steps\":[{\"id\":1e400,\"name\":\"s\",\"action\":\"DELETE\",\"source\":\"bucket1/x\"}]}",
                        400, "VALIDATION_FAILED", "steps[0].id"),
                Arguments.of("ids out of order", "{\"name\":\"x\",\"steps\":[{\"id\":1,\"name\":\"s\",\"action\":\"DELETE\",\"source\":\"bucket1/x\"}]}",
                        400, "VALIDATION_FAILED", "steps[0].id"),
                Arguments.of("unknown action", "{\"name\":\"x\",\"steps\":[{\"id\":0,\"name\":\"s\",\"action\":\"RENAME\",\"source\":\"bucket1/x\"}]}",
                        400, "VALIDATION_FAILED", "steps[0].action"),
                Arguments.of("lower-case action", "{\"name\":\"x\",\"steps\":[{\"id\":0,\"name\":\"s\",\"action\":\"copy\",\"source\":\"bucket1/x\",\"destination\":\"bucket1/y\"}]}",
                        400, "VALIDATION_FAILED", "steps[0].action"),
                Arguments.of("COPY without destination", "{\"name\":\"x\",\"steps\":[{\"id\":0,\"name\":\"s\",\"action\":\"COPY\",\"source\":\"bucket1/x\"}]}",
                        400, "VALIDATION_FAILED", "steps[0].destination"),
                Arguments.of("MOVE without source", "{\"name\":\"x\",\"steps\":[{\"id\":0,\"name\":\"s\",\"action\":\"MOVE\",\"destination\":\"bucket1/x\"}]}",
                        400, "VALIDATION_FAILED", "steps[0].source"),
                Arguments.of("DELETE with a destination", "{\"name\":\"x\",\"steps\":[{\"id\":0,\"name\":\"s\",\"action\":\"DELETE\",\"source\":\"bucket1/x\",\"destination\":\"bucket1/y\"}]}",
                        400, "VALIDATION_FAILED", "steps[0].destination"),
                Arguments.of("MERGE of one source", "{\"name\":\"x\",\"steps\":[{\"id\":0,\"name\":\"s\",\"action\":\"MERGE\",\"sources\":[\"bucket1/a\"],\"destination\":\"bucket1/y\"}]}",
                        400, "VALIDATION_FAILED", "steps[0].sources"),
                Arguments.of("MERGE with source, not sources", "{\"name\":\"x\",\"steps\":[{\"id\":0,\"name\":\"s\",\"action\":\"MERGE\",\"source\":\"bucket1/a\",\"destination\":\"bucket1/y\"}]}",
                        400, "VALIDATION_FAILED", "steps[0].source"),
                Arguments.of("MERGE sources of the wrong type", "{\"name\":\"x\",\"steps\":[{\"id\":0,\"name\":\"s\",\"action\":\"MERGE\",\"sources\":[\"bucket1/a\",7],\"destination\":\"bucket1/y\"}]}",
                        400, "VALIDATION_FAILED", "steps[0].sources[1]"),
                Arguments.of("an unknown placeholder in a destination", "{\"name\":\"x\",\"steps\":[{\"id\":0,\"name\":\"s\",\"action\":\"COPY\",\"source\":\"bucket1/a\",\"destination\":\"bucket1/{today}/a\"}]}",
                        400, "VALIDATION_FAILED", "steps[0].destination"),
                Arguments.of("a placeholder for the bucket", "{\"name\":\"x\",\"steps\":[{\"id\":0,\"name\":\"s\",\"action\":\"MERGE\",\"sources\":[\"bucket1/a\",\"bucket1/b\"],\"destination\":\"{jobName}/a\"}]}",
                        400, "VALIDATION_FAILED", "steps[0].destination"),
                Arguments.of("copy onto itself", "{\"name\":\"x\",\"steps\":[{\"id\":0,\"name\":\"s\",\"action\":\"COPY\",\"source\":\"bucket1/a\",\"destination\":\"bucket1/a\"}]}",
                        400, "VALIDATION_FAILED", "steps[0].destination"),
                Arguments.of("object without a key", "{\"name\":\"x\",\"steps\":[{\"id\":0,\"name\":\"s\",\"action\":\"DELETE\",\"source\":\"bucket1/\"}]}",
                        400, "VALIDATION_FAILED", "steps[0].source"),
                Arguments.of("object without a slash", "{\"name\":\"x\",\"steps\":[{\"id\":0,\"name\":\"s\",\"action\":\"DELETE\",\"source\":\"bucket1\"}]}",
                        400, "VALIDATION_FAILED", "steps[0].source"),
                Arguments.of("upper-case bucket", "{\"name\":\"x\",\"steps\":[{\"id\":0,\"name\":\"s\",\"action\":\"DELETE\",\"source\":\"Bucket1/a\"}]}",
                        400, "VALIDATION_FAILED", "steps[0].source"),
                Arguments.of("key over 1024 bytes", "{\"name\":\"x\",\"steps\":[{\"id\":0,\"name\":\"s\",\"action\":\"DELETE\",\"source\":\"" + hugeKey + "\"}]}",
                        400, "VALIDATION_FAILED", "steps[0].source"),
                Arguments.of("key with an unpaired surrogate", "{\"name\":\"x\",\"steps\":[{\"id\":0,\"name\":\"s\",\"action\":\"DELETE\",\"source\":\"bucket1/\\ud800\"}]}",
                        400, "VALIDATION_FAILED", "steps[0].source"),
                // Both ways of reaching the API run on the embedded store, which keeps objects as files.
                Arguments.of("a destination key ending in '/'", "{\"name\":\"x\",\"steps\":[{\"id\":0,\"name\":\"s\",\"action\":\"COPY\",\"source\":\"bucket1/a\",\"destination\":\"bucket2/out/\"}]}",
                        400, "VALIDATION_FAILED", "steps[0].destination"),
                Arguments.of("a key with a '..' segment", "{\"name\":\"x\",\"steps\":[{\"id\":0,\"name\":\"s\",\"action\":\"DELETE\",\"source\":\"bucket1/a/../b\"}]}",
                        400, "VALIDATION_FAILED", "steps[0].source"),
                Arguments.of("a key with an empty segment", "{\"name\":\"x\",\"steps\":[{\"id\":0,\"name\":\"s\",\"action\":\"MERGE\",\"sources\":[\"bucket1/a\",\"bucket1/a//b\"],\"destination\":\"bucket1/y\"}]}",
                        400, "VALIDATION_FAILED", "steps[0].sources[1]"),
                Arguments.of("a key with a control character", "{\"name\":\"x\",\"steps\":[{\"id\":0,\"name\":\"s\",\"action\":\"DELETE\",\"source\":\"bucket1/a\\u0001b\"}]}",
                        400, "VALIDATION_FAILED", "steps[0].source"),
                Arguments.of("bucket off the allow-list", "{\"name\":\"x\",\"steps\":[{\"id\":0,\"name\":\"s\",\"action\":\"DELETE\",\"source\":\"other-bucket/a\"}]}",
                        400, "VALIDATION_FAILED", "steps[0].source"),
                Arguments.of("unicode job name", job("jöb-名前", ""), 400, "VALIDATION_FAILED", "name"),
                Arguments.of("very long job name", job(longName, ""), 400, "VALIDATION_FAILED", "name"),
                Arguments.of("empty job name", job("", ""), 400, "VALIDATION_FAILED", "name"),
                Arguments.of("duplicate step names", "{\"name\":\"x\",\"steps\":[{\"id\":0,\"name\":\"s\",\"action\":\"DELETE\",\"source\":\"bucket1/a\"},"
                        + "{\"id\":1,\"name\":\"s\",\"action\":\"DELETE\",\"source\":\"bucket1/b\"}]}", 400, "VALIDATION_FAILED", "steps[1].name"),
                Arguments.of("unknown state", job("x", "\"state\":\"PAUSED\""), 400, "VALIDATION_FAILED", "state"),
                Arguments.of("unknown overlap policy", job("x", "\"overlap\":\"LATER\""), 400, "VALIDATION_FAILED", "overlap"),
                Arguments.of("overlap not a string", job("x", "\"overlap\":true"), 400, "VALIDATION_FAILED", "overlap"),
                Arguments.of("unknown time zone", job("x", "\"timezone\":\"Mars/Olympus\""), 400, "VALIDATION_FAILED", "timezone"),
                Arguments.of("offset instead of a zone", job("x", "\"timezone\":\"+02:00\""), 400, "VALIDATION_FAILED", "timezone"),
                Arguments.of("schedule of the wrong type", job("x", "\"schedule\":5"), 400, "VALIDATION_FAILED", "schedule"),
                Arguments.of("description too long", job("x", "\"description\":\"" + "d".repeat(1025) + "\""), 400, "VALIDATION_FAILED", "description")));
        for (String schedule : InvalidSchedules.ALL) {
            cases.add(Arguments.of("schedule " + schedule, job("x", "\"schedule\":\"" + schedule + "\""), 400, "VALIDATION_FAILED", "schedule"));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void badInputIsRefusedWithItsCodeAndNothingIsStored(String label, String body, int status, String code, String field) {
        List<String> before = walk(100);
        for (String method : List.of("POST", "PUT")) {
            String path = method.equals("POST") ? "/jobs" : "/jobs/" + before.get(0);
            ApiClient.Response response = call(method, path, body);
            assertProblem(response, status, code);
            if (field != null) {
                assertTrue(errorFields(response).contains(field), () -> "expected field " + field + " in " + response);
            }
        }
        assertEquals(before, walk(100), "nothing stored");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aDestinationTemplateIsKeptAsWritten() {
        String template = "bucket2/{date-P1D:yyyy/MM/dd}/{jobName}-{{literal}}.csv";
        Map<String, Object> created = createJob("{\"name\":\"dated\",\"steps\":[{\"id\":0,\"name\":\"c\",\"action\":\"COPY\","
                + "\"source\":\"bucket1/a\",\"destination\":\"" + template + "\"}]}");
        assertEquals(template, ((List<Map<String, Object>>) created.get("steps")).get(0).get("destination"));
    }

    @ParameterizedTest
    @MethodSource("io.filejobs.app.InvalidSchedules#valid")
    void validSchedulesAreAccepted(String schedule) {
        Map<String, Object> created = createJob(job("scheduled", "\"schedule\":\"" + schedule + "\",\"timezone\":\"Europe/Berlin\""));
        assertEquals(schedule, created.get("schedule"));
    }

    @Test
    void everyBrokenRuleIsListedAtOnce() {
        ApiClient.Response response = call("POST", "/jobs", "{\"name\":\"\",\"timezone\":\"Nowhere\",\"schedule\":\"daily\","
                + "\"steps\":[{\"id\":3,\"name\":\"s\",\"action\":\"COPY\",\"source\":\"bucket1/a\"}]}");
        assertProblem(response, 400, "VALIDATION_FAILED");
        assertEquals(Set.of("name", "timezone", "schedule", "steps[0].id", "steps[0].destination"), new HashSet<>(errorFields(response)));
    }

    /** A body that breaks thousands of rules gets the first hundred, with their count, not a body many times its size. */
    @Test
    @SuppressWarnings("unchecked")
    void aBodyBreakingThousandsOfRulesGetsTheFirstHundredAndTheirCount() {
        StringBuilder steps = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            StringBuilder sources = new StringBuilder();
            for (int j = 0; j < 150; j++) {
                sources.append(j == 0 ? "" : ",").append("\"not-allowed-bucket/some/rather/long/key/of/an/extract-").append(j).append(".csv\"");
            }
            steps.append(i == 0 ? "" : ",").append("{\"id\":").append(i).append(",\"name\":\"m").append(i)
                    .append("\",\"action\":\"MERGE\",\"sources\":[").append(sources).append("],\"destination\":\"bucket1/out-").append(i).append("\"}");
        }
        ApiClient.Response response = call("POST", "/jobs", "{\"name\":\"many-errors\",\"steps\":[" + steps + "]}");

        assertProblem(response, 400, "VALIDATION_FAILED");
        assertEquals(100, ((List<Object>) response.json().get("errors")).size());
        assertEquals(3000, ((Number) response.json().get("errorCount")).intValue());
        assertTrue(((String) response.json().get("detail")).startsWith("3000 "), response::toString);
        assertTrue(response.body().length() < 64 * 1024, "the answer is " + response.body().length() + " characters");
    }

    /** The description limit counts characters, not UTF-16 units: 1,024 emoji fit, 1,025 do not. */
    @Test
    void theDescriptionLimitCountsCharacters() {
        String emoji = "\uD83D\uDCE6";
        Map<String, Object> created = createJob(job("emoji", "\"description\":\"" + emoji.repeat(1024) + "\""));
        assertEquals(emoji.repeat(1024), created.get("description"));
        ApiClient.Response tooLong = call("POST", "/jobs", job("emoji", "\"description\":\"" + emoji.repeat(1025) + "\""));
        assertProblem(tooLong, 400, "VALIDATION_FAILED");
        assertEquals(List.of("description"), errorFields(tooLong));
    }

    /** A body without a Content-Type is refused as the README says, not read as JSON by guess. */
    @Test
    void aBodyWithoutContentTypeIsUnsupportedMediaType() {
        List<String> before = walk(100);
        assertProblem(call("POST", "/jobs", COPY_EXAMPLE, "Content-Type", null), 415, "UNSUPPORTED_MEDIA_TYPE");
        assertProblem(call("PUT", "/jobs/" + createJob(COPY_EXAMPLE).get("id"), COPY_EXAMPLE, "Content-Type", null), 415, "UNSUPPORTED_MEDIA_TYPE");
        assertEquals(before.size() + 1, walk(100).size(), "only the job made for the PUT was stored");
    }
}
