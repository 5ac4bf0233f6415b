package io.filejobs.app;

import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.payload1.ApiGatewayProxyRequestEventFunction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The API contract through the real API Gateway REST (payload 1.0) Lambda handler, with storage in
 * DynamoDB Local and an S3 protocol endpoint.
 */
class LambdaJobApiTest extends JobApiContract {

    private Path s3Dir;
    private ApplicationContext context;
    private ApiGatewayProxyRequestEventFunction handler;

    /** Configuration for an application context with embedded storage in a fresh directory. */
    static Map<String, Object> embeddedStorage(Path s3Dir) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("filejobs.embedded.s3.enabled", true);
        properties.put("filejobs.embedded.s3.dir", s3Dir.toString());
        properties.put("filejobs.embedded.s3.port", 0);
        properties.put("filejobs.embedded.dynamodb.enabled", true);
        properties.put("filejobs.storage.create-if-missing", true);
        properties.put("aws.region", "us-east-1");
        // micronaut-aws #2511: the api-proxy binds a JDK server on 8080 unless told not to.
        properties.put("micronaut.server.port", -1);
        return properties;
    }

    @BeforeAll
    void start() throws IOException {
        s3Dir = Files.createTempDirectory("filejobs-lambda-test");
        Map<String, Object> properties = embeddedStorage(s3Dir);
        properties.put("filejobs.api.key", API_KEY);
        properties.put("filejobs.allowed-buckets", ALLOWED_BUCKETS);
        context = ApplicationContext.run(properties);
        handler = new ApiGatewayProxyRequestEventFunction(context);
    }

    @AfterAll
    void stop() {
        if (context != null) {
            context.close();
        }
    }

    /** Here no stream feeds the check, so every job stays PENDING, as on AWS in the moment after a write. */
    @org.junit.jupiter.api.Test
    void aRunOfAJobWhoseCheckHasNotFinishedIsRefused() {
        String id = (String) createJob(COPY_EXAMPLE).get("id");
        ApiClient.Response refused = call("POST", "/jobs/" + id + "/runs", null);
        assertProblem(refused, 409, "JOB_PENDING");
        org.junit.jupiter.api.Assertions.assertTrue(((String) refused.json().get("detail")).contains("still being checked"), refused::toString);
        ApiClient.Response runs = call("GET", "/jobs/" + id + "/runs", null);
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(), runs.json().get("items"), "no run was recorded");
    }

    @Override
    protected ApiClient client() {
        return new LambdaApiClient(handler);
    }
}
