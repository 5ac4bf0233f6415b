package io.filejobs.local;

import io.filejobs.app.ApiClient;
import io.filejobs.core.aws.CheckedIoHttpClients;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An embedded runtime on free ports in a fresh data directory, with buckets bucket1 to bucket3 and
 * an S3 client and an API client for it, as a user would have them.
 */
final class LocalFixture implements AutoCloseable {

    final Path dataDir;
    final LocalRuntime runtime;
    final S3Client s3;
    private final String key;

    private LocalFixture(Path dataDir, LocalRuntime runtime, S3Client s3, String key) {
        this.dataDir = dataDir;
        this.runtime = runtime;
        this.s3 = s3;
        this.key = key;
    }

    static LocalFixture start(String key, Map<String, String> moreEnv, Map<String, Object> moreProperties) throws IOException {
        return startIn(Files.createTempDirectory("filejobs-local-test"), key, moreEnv, moreProperties);
    }

    /** The embedded runtime started again on this fixture's data directory, after this one is closed: a restart. */
    LocalFixture restart(Map<String, String> moreEnv, Map<String, Object> moreProperties) throws IOException {
        close();
        return startIn(dataDir, key, moreEnv, moreProperties);
    }

    private static LocalFixture startIn(Path dataDir, String key, Map<String, String> moreEnv, Map<String, Object> moreProperties) {
        Map<String, String> env = new HashMap<>(Map.of("FILEJOBS_PORT", "0", "FILEJOBS_S3_PORT", "0",
                "FILEJOBS_DATA_DIR", dataDir.toString(), "FILEJOBS_API_KEY", key));
        env.putAll(moreEnv);
        LocalRuntime runtime = LocalRuntime.start(LocalSettings.from(env), moreProperties);
        // The SDK client a user would have, retrying a kept-alive connection the endpoint closed, as FileJobs' own clients do.
        S3Client s3 = S3Client.builder().httpClient(CheckedIoHttpClients.wrap(UrlConnectionHttpClient.create()))
                .endpointOverride(runtime.s3Url()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("any", "thing"))).build();
        for (String bucket : List.of("bucket1", "bucket2", "bucket3")) {
            if (!Files.isDirectory(dataDir.resolve("s3").resolve(bucket))) {
                s3.createBucket(b -> b.bucket(bucket));
            }
        }
        return new LocalFixture(dataDir, runtime, s3, key);
    }

    /** Writes an object with the fixture's S3 client. */
    void put(String bucket, String key, String body) {
        s3.putObject(b -> b.bucket(bucket).key(key), software.amazon.awssdk.core.sync.RequestBody.fromString(body));
    }

    /** Calls the API with the key, and a JSON content type when there is a body; {@code headers} are name, value pairs. */
    ApiClient.Response call(String method, String path, String body, String... headers) {
        Map<String, String> h = new HashMap<>(Map.of("x-api-key", key));
        if (body != null) {
            h.put("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            h.put(headers[i], headers[i + 1]);
        }
        return new HttpApiClient(runtime.apiUrl()).send(method, path, h, body);
    }

    /** Creates a job and waits until its check has reported (VALID or INVALID); returns its id. */
    @SuppressWarnings("unchecked")
    String createCheckedJob(String body) {
        ApiClient.Response created = call("POST", "/jobs", body);
        if (created.status() != 201) {
            throw new AssertionError("expected 201, got " + created);
        }
        String id = (String) created.json().get("id");
        io.filejobs.core.testing.Eventually.await("job " + id + " checked", java.time.Duration.ofSeconds(20),
                () -> ((Map<String, Object>) call("GET", "/jobs/" + id, null).json().get("validation")).get("status"),
                status -> !"PENDING".equals(status));
        return id;
    }

    @Override
    public void close() {
        s3.close();
        runtime.close();
    }
}
