package io.filejobs.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.filejobs.app.ApiClient;
import io.filejobs.app.JobApiContract;
import io.filejobs.core.run.RunRequest;
import io.filejobs.core.store.RunLedger;
import io.filejobs.core.testing.Eventually;
import io.filejobs.core.trigger.Trigger;
import io.filejobs.local.workflow.EmbeddedWorkflow;
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

/** The asynchronous check: a job goes PENDING, then VALID or INVALID; an INVALID job does not run. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ValidationEndToEndTest {

    private static final String KEY = "validation-key";
    private LocalFixture local;
    private Path dataDir;
    private LocalRuntime runtime;
    private S3Client s3;

    @BeforeAll
    void start() throws Exception {
        local = LocalFixture.start(KEY, Map.of(), Map.of());
        dataDir = local.dataDir;
        runtime = local.runtime;
        s3 = local.s3;
    }

    @AfterAll
    void stop() {
        local.close();
    }

    private ApiClient.Response call(String method, String path, String body) {
        return local.call(method, path, body);
    }

    /** Polls the job until the check of {@code version} has reported, and returns its outcome. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> checked(String jobId, long version) {
        Map<String, Object> job = Eventually.await("the check of job " + jobId + " v" + version, Duration.ofSeconds(20),
                () -> call("GET", "/jobs/" + jobId, null).json(),
                j -> ((Number) j.get("version")).longValue() == version
                        && !"PENDING".equals(((Map<String, Object>) j.get("validation")).get("status")));
        return (Map<String, Object>) job.get("validation");
    }

    @Test
    void theDesignExampleIsValidWhenItsInputsExist() throws Exception {
        s3.putObject(b -> b.bucket("bucket1").key("file1.txt"), RequestBody.fromString("a"));
        s3.putObject(b -> b.bucket("bucket1").key("file2.txt"), RequestBody.fromString("b"));
        ApiClient.Response created = call("POST", "/jobs", JobApiContract.DESIGN_EXAMPLE);
        String id = (String) created.json().get("id");
        // merged_files.txt does not exist yet: it is written by step 0, which is what makes steps 1 and 2 valid.
        assertEquals(Map.of("status", "VALID", "errors", List.of(), "warnings", List.of()), checked(id, 1));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aMissingBucketAndAnObjectAnEarlierStepRemovesMakeTheJobInvalidAndItIsNotRunUntilFixed() throws Exception {
        String body = "{\"name\":\"broken\",\"steps\":["
                + "{\"id\":0,\"name\":\"a\",\"action\":\"COPY\",\"source\":\"bucket1/absent.txt\",\"destination\":\"bucket2/a\"},"
                + "{\"id\":1,\"name\":\"b\",\"action\":\"MOVE\",\"source\":\"bucket2/a\",\"destination\":\"no-such-bucket/a\"},"
                + "{\"id\":2,\"name\":\"c\",\"action\":\"COPY\",\"source\":\"bucket2/a\",\"destination\":\"bucket3/a\"}]}";
        String id = (String) call("POST", "/jobs", body).json().get("id");
        Map<String, Object> validation = checked(id, 1);
        assertEquals("INVALID", validation.get("status"));
        List<Map<String, Object>> errors = (List<Map<String, Object>>) validation.get("errors");
        assertEquals(List.of("steps[1].destination", "steps[2].source"), errors.stream().map(e -> e.get("field")).toList(),
                errors.toString());
        assertTrue(((String) errors.get(0).get("message")).contains("does not exist"));
        assertTrue(((String) errors.get(1).get("message")).contains("moved away by an earlier step"));
        // A source that is not there yet may be uploaded before a run reaches its step: a warning.
        List<Map<String, Object>> warnings = (List<Map<String, Object>>) validation.get("warnings");
        assertEquals(List.of("steps[0].source"), warnings.stream().map(e -> e.get("field")).toList(), warnings.toString());
        assertTrue(((String) warnings.get(0).get("message")).contains("does not exist yet"), warnings.toString());

        ApiClient.Response refused = call("POST", "/jobs/" + id + "/runs", null);
        JobApiContract.assertProblem(refused, 409, "JOB_INVALID");
        assertEquals(2, ((List<Object>) refused.json().get("errors")).size());

        // A run triggered by the schedule is recorded as SKIPPED and alerts like a failure.
        runtime.context().getBean(EmbeddedWorkflow.class).run("exec-skip", new RunRequest(id, Trigger.SCHEDULE, "2026-11-22T01:00:00Z", null, false));
        var runs = runtime.context().getBean(RunLedger.class).list(id, 10, null).runs();
        assertEquals(1, runs.size());
        assertEquals("SKIPPED", runs.get(0).status().name());
        assertEquals("JOB_INVALID", runs.get(0).error().code());
        List<String> lines = Files.readAllLines(dataDir.resolve("notifications.jsonl"));
        assertTrue(lines.get(lines.size() - 1).contains("JOB_INVALID"), lines.toString());

        s3.putObject(b -> b.bucket("bucket1").key("absent.txt"), RequestBody.fromString("now here"));
        String fixed = body.replace("no-such-bucket/a", "bucket3/b").replace("\"source\":\"bucket2/a\",\"destination\":\"bucket3/a\"",
                "\"source\":\"bucket3/b\",\"destination\":\"bucket3/a\"");
        ApiClient.Response updated = call("PUT", "/jobs/" + id, fixed);
        assertEquals(200, updated.status(), updated::toString);
        assertEquals("PENDING", ((Map<String, Object>) updated.json().get("validation")).get("status"));
        assertEquals("VALID", checked(id, 2).get("status"));
        assertEquals(202, call("POST", "/jobs/" + id + "/runs", null).status());
    }

    /**
     * 3,000 missing sources with long keys: what the check says of them is more than DynamoDB's
     * 400 KB item limit, which once left such a job PENDING for ever. They are warnings (the files
     * may arrive before the run); the first 100 are kept, with the count, and the job is VALID.
     */
    @Test
    @SuppressWarnings("unchecked")
    void aJobWithThousandsOfMissingSourcesIsValidWithTheFirstHundredWarningsAndTheirCount() {
        StringBuilder sources = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            sources.append(i == 0 ? "" : ",").append("\"bucket1/landing/partner-extracts/2026/11/27/not-yet-delivered-file-")
                    .append(String.format("%05d", i)).append(".csv\"");
        }
        ApiClient.Response created = call("POST", "/jobs", "{\"name\":\"many-missing\",\"steps\":[{\"id\":0,\"name\":\"m\","
                + "\"action\":\"MERGE\",\"sources\":[" + sources + "],\"destination\":\"bucket2/merged.csv\"}]}");
        assertEquals(201, created.status(), created::toString);
        String id = (String) created.json().get("id");

        Map<String, Object> validation = Eventually.await("the check of job " + id, Duration.ofSeconds(60),
                () -> (Map<String, Object>) call("GET", "/jobs/" + id, null).json().get("validation"),
                v -> !"PENDING".equals(v.get("status")));

        assertEquals("VALID", validation.get("status"), validation::toString);
        assertEquals(List.of(), validation.get("errors"));
        assertEquals(100, ((List<Object>) validation.get("warnings")).size());
        assertEquals(3000, ((Number) validation.get("warningCount")).intValue());
        // The run checks again at the step, and fails there while the files are still missing.
        String runId = (String) call("POST", "/jobs/" + id + "/runs", null).json().get("runId");
        Map<String, Object> run = Eventually.await("the run of job " + id, Duration.ofSeconds(60),
                () -> call("GET", "/jobs/" + id + "/runs/" + runId, null).json(), r -> "FAILED".equals(r.get("status")));
        assertEquals("SOURCE_NOT_FOUND", ((Map<String, Object>) run.get("error")).get("code"), run::toString);
    }
}
