package io.filejobs.local;

import io.filejobs.app.ApiClient;
import io.filejobs.app.JobApiContract;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The API contract over HTTP against the embedded runtime, as a user's curl would reach it. */
class HttpJobApiTest extends JobApiContract {

    private LocalRuntime runtime;

    @BeforeAll
    void start() throws IOException {
        runtime = LocalRuntime.start(LocalSettings.from(Map.of(
                "FILEJOBS_PORT", "0",
                "FILEJOBS_S3_PORT", "0",
                "FILEJOBS_DATA_DIR", Files.createTempDirectory("filejobs-http-test").toString(),
                "FILEJOBS_API_KEY", API_KEY,
                "FILEJOBS_ALLOWED_BUCKETS", ALLOWED_BUCKETS)));
    }

    @AfterAll
    void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Override
    protected ApiClient client() {
        return new HttpApiClient(runtime.apiUrl());
    }
}
