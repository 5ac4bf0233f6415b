package io.filejobs.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.filejobs.app.ApiClient;
import io.filejobs.app.JobApiContract;
import io.filejobs.core.testing.Eventually;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

class LocalRuntimeTest {

    private static Map<String, String> env(Path dataDir) {
        Map<String, String> env = new HashMap<>();
        env.put("FILEJOBS_PORT", "0");
        env.put("FILEJOBS_S3_PORT", "0");
        env.put("FILEJOBS_DATA_DIR", dataDir.toString());
        env.put("FILEJOBS_API_KEY", "restart-key");
        return env;
    }

    private static ApiClient.Response call(LocalRuntime runtime, String method, String path, String body) {
        Map<String, String> headers = new HashMap<>(Map.of("x-api-key", "restart-key"));
        if (body != null) {
            headers.put("Content-Type", "application/json");
        }
        return new HttpApiClient(runtime.apiUrl()).send(method, path, headers, body);
    }

    @Test
    void jobsAndObjectsSurviveARestart(@TempDir Path dataDir) throws Exception {
        String id;
        try (LocalRuntime runtime = LocalRuntime.start(LocalSettings.from(env(dataDir)))) {
            ApiClient.Response created = call(runtime, "POST", "/jobs", JobApiContract.DESIGN_EXAMPLE);
            assertEquals(201, created.status(), created::toString);
            id = (String) created.json().get("id");
            ApiClient.Response updated = call(runtime, "PUT", "/jobs/" + id, JobApiContract.COPY_EXAMPLE);
            assertEquals(200, updated.status(), updated::toString);
            try (S3Client s3 = s3(runtime)) {
                s3.createBucket(b -> b.bucket("bucket1"));
                s3.putObject(b -> b.bucket("bucket1").key("in/file1.txt"), RequestBody.fromString("first"));
            }
        }
        assertTrue(Files.isRegularFile(dataDir.resolve("s3/bucket1/in/file1.txt")), "objects are plain files under the data directory");

        try (LocalRuntime runtime = LocalRuntime.start(LocalSettings.from(env(dataDir)))) {
            ApiClient.Response read = call(runtime, "GET", "/jobs/" + id, null);
            assertEquals(200, read.status(), read::toString);
            assertEquals("test-copy-job", read.json().get("name"));
            assertEquals("\"2\"", read.header("etag"));
            try (S3Client s3 = s3(runtime)) {
                assertEquals("first", s3.getObjectAsBytes(b -> b.bucket("bucket1").key("in/file1.txt")).asString(StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void aRunInterruptedByAStopIsResumedAtTheNextStart(@TempDir Path dataDir) throws Exception {
        String jobId;
        String runId = io.filejobs.core.trigger.ManualTrigger.at(java.time.Instant.now()).runId();
        try (LocalRuntime runtime = LocalRuntime.start(LocalSettings.from(env(dataDir)))) {
            try (S3Client s3 = s3(runtime)) {
                s3.createBucket(b -> b.bucket("bucket1"));
                s3.putObject(b -> b.bucket("bucket1").key("doomed.txt"), RequestBody.fromString("x"));
            }
            ApiClient.Response created = call(runtime, "POST", "/jobs",
                    "{\"name\":\"interrupted\",\"steps\":[{\"id\":0,\"name\":\"d\",\"action\":\"DELETE\",\"source\":\"bucket1/doomed.txt\"}]}");
            jobId = (String) created.json().get("id");
            // Recorded but never started, as if the runtime stopped right after the API answered.
            var context = runtime.context();
            var job = context.getBean(io.filejobs.core.store.JobTable.class).get(jobId).orElseThrow();
            var definition = context.getBean(io.filejobs.core.store.DefinitionStore.class).get(job.definitionKey());
            context.getBean(io.filejobs.core.store.RunLedger.class).create(io.filejobs.core.run.Run.queued(job, definition,
                    new io.filejobs.core.trigger.ManualTrigger(runId), java.time.Instant.now().toString()));
        }
        try (LocalRuntime runtime = LocalRuntime.start(LocalSettings.from(env(dataDir)))) {
            Object status = Eventually.await("the interrupted run finishing", java.time.Duration.ofSeconds(20),
                    () -> call(runtime, "GET", "/jobs/" + jobId + "/runs/" + runId, null).json().get("status"), "SUCCEEDED"::equals);
            assertEquals("SUCCEEDED", status, "the interrupted run was resumed and finished");
            try (S3Client s3 = s3(runtime)) {
                assertEquals(0, s3.listObjectsV2(b -> b.bucket("bucket1")).contents().size(), "its step ran");
            }
        }
    }

    @Test
    void healthAnswersWithoutAKeyAndTheBannerNamesEverything(@TempDir Path dataDir) {
        Map<String, String> env = env(dataDir);
        env.remove("FILEJOBS_API_KEY");
        LocalSettings settings = LocalSettings.from(env);
        assertTrue(settings.apiKeyGenerated());
        try (LocalRuntime runtime = LocalRuntime.start(settings)) {
            ApiClient.Response health = new HttpApiClient(runtime.apiUrl()).send("GET", "/health", Map.of(), null);
            assertEquals(200, health.status());
            String banner = runtime.banner();
            assertTrue(banner.contains(settings.apiKey()), banner);
            assertTrue(banner.contains(runtime.apiUrl().toString()), banner);
            assertTrue(banner.contains(runtime.s3Url().toString()), banner);
            assertEquals("127.0.0.1", runtime.apiUrl().getHost());
            assertEquals("127.0.0.1", runtime.s3Url().getHost());
        }
    }

    @Test
    void settingsComeFromTheEnvironmentWithTheDocumentedDefaults() {
        LocalSettings defaults = LocalSettings.from(Map.of());
        assertEquals(8080, defaults.port());
        assertEquals(9090, defaults.s3Port());
        assertEquals(Path.of(".filejobs").toAbsolutePath().normalize(), defaults.dataDir());
        assertNotNull(defaults.apiKey());
        assertTrue(defaults.apiKey().length() >= 32);
        assertEquals(Boolean.TRUE, defaults.properties().get("filejobs.embedded.s3.enabled"));

        LocalSettings external = LocalSettings.from(Map.of("FILEJOBS_S3_ENDPOINT", "http://127.0.0.1:9000", "FILEJOBS_ALLOWED_BUCKETS", "a-bucket"));
        assertEquals("http://127.0.0.1:9000", external.properties().get("aws.services.s3.endpoint-override"));
        assertEquals(null, external.properties().get("filejobs.embedded.s3.enabled"));
        assertEquals("a-bucket", external.properties().get("filejobs.allowed-buckets"));

        IllegalArgumentException badPort = assertThrows(IllegalArgumentException.class, () -> LocalSettings.from(Map.of("FILEJOBS_PORT", "eighty")));
        assertTrue(badPort.getMessage().contains("FILEJOBS_PORT"));
        assertThrows(IllegalArgumentException.class, () -> LocalSettings.from(Map.of("FILEJOBS_S3_PORT", "70000")));
        assertThrows(IllegalArgumentException.class, () -> LocalSettings.from(Map.of("FILEJOBS_S3_ENDPOINT", "not a url")));
    }

    private static S3Client s3(LocalRuntime runtime) {
        return S3Client.builder().httpClient(io.filejobs.core.aws.CheckedIoHttpClients.wrap(
                software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())).endpointOverride(runtime.s3Url()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("any", "thing"))).build();
    }
}
