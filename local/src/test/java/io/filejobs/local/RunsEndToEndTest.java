package io.filejobs.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.filejobs.app.ApiClient;
import io.filejobs.app.JobApiContract;
import io.filejobs.core.testing.Eventually;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** Runs through the embedded runtime as a user drives them: the S3 endpoint, POST a job, POST a run, poll it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunsEndToEndTest {

    private static final String KEY = "runs-key";
    private static final JsonMapper JSON = JsonMapper.createDefault();

    private LocalFixture local;
    private Path dataDir;
    private S3Client s3;

    @BeforeAll
    void start() throws Exception {
        local = LocalFixture.start(KEY, Map.of("FILEJOBS_ALLOWED_BUCKETS", "bucket1,bucket2,bucket3"), Map.of());
        dataDir = local.dataDir;
        s3 = local.s3;
    }

    @AfterAll
    void stop() {
        local.close();
    }

    private ApiClient.Response call(String method, String path, String body, String... headers) {
        return local.call(method, path, body, headers);
    }

    /** Creates the job and waits for its check, since a job still being checked cannot be run. */
    private String createJob(String body) {
        return local.createCheckedJob(body);
    }

    /** Polls the run until it has finished. */
    private Map<String, Object> awaitFinished(String location) {
        return Eventually.await("run " + location + " finishing", Duration.ofSeconds(30), () -> call("GET", location, null).json(),
                run -> List.of("SUCCEEDED", "FAILED", "SKIPPED").contains(run.get("status")));
    }

    @SuppressWarnings("unchecked")
    private void awaitValidation(String jobId, String expected) {
        Eventually.await("job " + jobId + " becoming " + expected, Duration.ofSeconds(20),
                () -> ((Map<String, Object>) call("GET", "/jobs/" + jobId, null).json().get("validation")).get("status"), expected::equals);
    }

    private void put(String bucket, String key, String content) {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(content));
    }

    private String read(String bucket, String key) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asString(StandardCharsets.UTF_8);
    }

    private boolean exists(String bucket, String key) {
        try {
            s3.headObject(b -> b.bucket(bucket).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDesignExampleRunsEndToEnd() throws Exception {
        put("bucket1", "file1.txt", "first extract\n");
        put("bucket1", "file2.txt", "second extract\n");
        String jobId = createJob(JobApiContract.DESIGN_EXAMPLE);

        ApiClient.Response started = call("POST", "/jobs/" + jobId + "/runs", null);

        assertEquals(202, started.status(), started::toString);
        String location = started.header("location");
        assertTrue(location.startsWith("/jobs/" + jobId + "/runs/"), location);
        assertEquals("MANUAL", started.json().get("trigger"));
        assertEquals(1, ((Number) started.json().get("jobVersion")).intValue());
        Map<String, Object> run = awaitFinished(location);
        assertEquals("SUCCEEDED", run.get("status"), run::toString);
        List<Map<String, Object>> steps = (List<Map<String, Object>>) run.get("steps");
        assertEquals(5, steps.size());
        steps.forEach(s -> assertEquals("SUCCEEDED", s.get("status"), s::toString));
        assertEquals(29, ((Number) steps.get(0).get("bytes")).intValue(), "the merge wrote both extracts");
        assertNotNull(run.get("startedAt"));
        assertNotNull(run.get("finishedAt"));

        String merged = "first extract\nsecond extract\n";
        assertEquals(merged, read("bucket2", "merged_files.txt"));
        assertEquals(merged, read("bucket3", "merged_files.txt"));
        assertFalse(exists("bucket1", "merged_files.txt"), "moved away");
        assertFalse(exists("bucket1", "file1.txt"), "input deleted");
        assertFalse(exists("bucket1", "file2.txt"), "input deleted");

        ApiClient.Response history = call("GET", "/jobs/" + jobId + "/runs", null);
        assertEquals(200, history.status());
        assertEquals(1, ((List<Object>) history.json().get("items")).size());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aFailingRunEndsFailedWithATypedStepErrorAndOneNotification() throws Exception {
        put("bucket1", "not there.txt", "soon gone");
        String jobId = createJob("{\"name\":\"doomed\",\"steps\":["
                + "{\"id\":0,\"name\":\"fine\",\"action\":\"DELETE\",\"source\":\"bucket1/whatever\"},"
                + "{\"id\":1,\"name\":\"copy-missing\",\"action\":\"COPY\",\"source\":\"bucket1/not there.txt\",\"destination\":\"bucket2/x\"},"
                + "{\"id\":2,\"name\":\"never\",\"action\":\"DELETE\",\"source\":\"bucket1/other\"}]}");
        // The job is valid when written (its input exists); the input vanishes before the run.
        awaitValidation(jobId, "VALID");
        s3.deleteObject(b -> b.bucket("bucket1").key("not there.txt"));
        Path notifications = dataDir.resolve("notifications.jsonl");
        long before = Files.exists(notifications) ? Files.readAllLines(notifications).size() : 0;

        Map<String, Object> run = awaitFinished(call("POST", "/jobs/" + jobId + "/runs", null).header("location"));

        assertEquals("FAILED", run.get("status"), run::toString);
        Map<String, Object> error = (Map<String, Object>) run.get("error");
        assertEquals("SOURCE_NOT_FOUND", error.get("code"));
        assertEquals(1, ((Number) error.get("stepId")).intValue());
        List<Map<String, Object>> steps = (List<Map<String, Object>>) run.get("steps");
        assertEquals(List.of("SUCCEEDED", "FAILED", "PENDING"), steps.stream().map(s -> s.get("status")).toList());
        assertEquals("SOURCE_NOT_FOUND", ((Map<String, Object>) steps.get(1).get("error")).get("code"));

        // The state machine records the run FAILED, then publishes the alert: wait for it, then make sure no second one comes.
        Eventually.await("the alert", Duration.ofSeconds(10), () -> Files.exists(notifications) ? lineCount(notifications) : 0L,
                n -> n >= before + 1);
        Eventually.holdsFor("no second alert", Duration.ofMillis(300), () -> lineCount(notifications) == before + 1);
        List<String> lines = Files.readAllLines(notifications);
        assertEquals(before + 1, lines.size(), "exactly one notification for the failed run");
        Map<String, Object> line = JSON.readValue(lines.get(lines.size() - 1), Argument.mapOf(String.class, Object.class));
        Map<String, Object> notice = (Map<String, Object>) line.get("message");
        assertEquals(jobId, notice.get("jobId"));
        assertEquals("doomed", notice.get("jobName"));
        assertEquals(run.get("runId"), notice.get("runId"));
        assertEquals(1, ((Number) notice.get("stepId")).intValue());
        assertEquals("copy-missing", notice.get("stepName"));
        assertEquals("SOURCE_NOT_FOUND", notice.get("code"));
        assertTrue(((String) notice.get("message")).contains("not there.txt"), notice.toString());
        assertTrue(((String) line.get("subject")).contains("doomed"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theRunsApiAnswersWithTypedErrorsAndHonoursIdempotencyKeys() throws Exception {
        JobApiContract.assertProblem(call("POST", "/jobs/0000000000000/runs", null), 404, "JOB_NOT_FOUND");
        String jobId = createJob("{\"name\":\"idem\",\"steps\":[{\"id\":0,\"name\":\"d\",\"action\":\"DELETE\",\"source\":\"bucket1/idem\"}]}");
        JobApiContract.assertProblem(call("GET", "/jobs/" + jobId + "/runs/20260101T000000000Z-s", null), 404, "RUN_NOT_FOUND");
        JobApiContract.assertProblem(call("GET", "/jobs/" + jobId + "/runs/not-a-run", null), 404, "RUN_NOT_FOUND");
        JobApiContract.assertProblem(call("GET", "/jobs/" + jobId + "/runs?limit=0", null), 400, "VALIDATION_FAILED");
        JobApiContract.assertProblem(call("GET", "/jobs/" + jobId + "/runs?cursor=xyz", null), 400, "VALIDATION_FAILED");

        ApiClient.Response first = call("POST", "/jobs/" + jobId + "/runs", null, "Idempotency-Key", "nightly-2026-11-22");
        ApiClient.Response again = call("POST", "/jobs/" + jobId + "/runs", null, "Idempotency-Key", "nightly-2026-11-22");
        assertEquals(202, first.status());
        assertEquals(202, again.status());
        assertEquals(first.json().get("runId"), again.json().get("runId"));
        awaitFinished(first.header("location"));
        ApiClient.Response other = call("POST", "/jobs/" + jobId + "/runs", null);
        awaitFinished(other.header("location"));

        ApiClient.Response page = call("GET", "/jobs/" + jobId + "/runs?limit=1", null);
        List<Map<String, Object>> items = (List<Map<String, Object>>) page.json().get("items");
        assertEquals(other.json().get("runId"), items.get(0).get("runId"), "newest first");
        ApiClient.Response next = call("GET", "/jobs/" + jobId + "/runs?limit=1&cursor=" + page.json().get("nextCursor"), null);
        assertEquals(first.json().get("runId"), ((List<Map<String, Object>>) next.json().get("items")).get(0).get("runId"));
        assertEquals(null, next.json().get("nextCursor"));
    }

    private static long lineCount(Path file) {
        try {
            return Files.readAllLines(file).size();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
