package io.filejobs.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.filejobs.core.store.JobTable;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.payload1.ApiGatewayProxyRequestEventFunction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerFaultAndGatewayModeTest {

    private static ApplicationContext context(Map<String, Object> extra) throws Exception {
        Path dir = Files.createTempDirectory("filejobs-fault-test");
        Map<String, Object> properties = LambdaJobApiTest.embeddedStorage(dir);
        properties.putAll(extra);
        return ApplicationContext.run(properties);
    }

    @Test
    void aStorageFaultIsA500InternalProblemThatHidesItsCause() throws Exception {
        // The definitions bucket is never created, so every definition write fails inside S3.
        try (ApplicationContext context = context(Map.of("filejobs.storage.create-if-missing", false, "filejobs.api.key", "k"))) {
            context.getBean(JobTable.class).createIfMissing();
            ApiClient client = new LambdaApiClient(new ApiGatewayProxyRequestEventFunction(context));
            ApiClient.Response response = client.send("POST", "/jobs", Map.of("x-api-key", "k", "Content-Type", "application/json"),
                    JobApiContract.COPY_EXAMPLE);
            JobApiContract.assertProblem(response, 500, "INTERNAL");
            assertFalse(response.body().contains("NoSuchBucket"), response.body());
            ApiClient.Response list = client.send("GET", "/jobs", Map.of("x-api-key", "k"), null);
            assertEquals(200, list.status(), list::toString);
            assertEquals(0, JobApiContract.items(list).size(), "nothing was stored");
        }
    }

    @Test
    void throttledStorageIsA503WithRetryAfter() throws Exception {
        try (ApplicationContext context = context(Map.of("filejobs.api.key", "k", "test.dynamodb.throttle-reads", true))) {
            ApiClient client = new LambdaApiClient(new ApiGatewayProxyRequestEventFunction(context));
            ApiClient.Response read = client.send("GET", "/jobs/0123456789abc", Map.of("x-api-key", "k"), null);
            JobApiContract.assertProblem(read, 503, "SERVICE_UNAVAILABLE");
            assertEquals("1", read.header("retry-after"));
            JobApiContract.assertProblem(client.send("GET", "/jobs", Map.of("x-api-key", "k"), null), 503, "SERVICE_UNAVAILABLE");
        }
    }

    /** The API Lambda's own logging: JSON lines carrying API Gateway's request id and the job the path names. */
    @Test
    @SuppressWarnings("unchecked")
    void aRequestsLogLinesAreJsonWithItsRequestIdAndJob() throws Exception {
        try (ApplicationContext context = context(Map.of("filejobs.api.key", "k", "test.dynamodb.throttle-reads", true))) {
            ApiClient client = new LambdaApiClient(new ApiGatewayProxyRequestEventFunction(context), gateway -> gateway.setRequestId("req-42"));
            java.util.List<String> lines = io.filejobs.core.testing.MainLogging.capture(
                    () -> client.send("GET", "/jobs/0123456789abc/runs/20261128T000000000Z-mabcdef", Map.of("x-api-key", "k"), null));
            io.micronaut.json.JsonMapper json = io.micronaut.json.JsonMapper.createDefault();
            java.util.List<Map<String, Object>> warnings = new java.util.ArrayList<>();
            for (String line : lines) {
                Map<String, Object> parsed = json.readValue(line, io.micronaut.core.type.Argument.mapOf(String.class, Object.class));
                if ("WARN".equals(parsed.get("level"))) {
                    warnings.add(parsed);
                }
            }
            org.junit.jupiter.api.Assertions.assertFalse(warnings.isEmpty(), "the throttled read is logged: " + lines);
            Map<String, Object> mdc = (Map<String, Object>) warnings.get(0).get("mdc");
            assertEquals("req-42", mdc.get("requestId"), warnings.get(0)::toString);
            assertEquals("0123456789abc", mdc.get("jobId"), warnings.get(0)::toString);
            assertEquals("20261128T000000000Z-mabcdef", mdc.get("runId"), warnings.get(0)::toString);
            assertEquals(null, org.slf4j.MDC.get("requestId"), "the fields are taken off once the request is answered");
        }
    }

    private static java.util.function.Consumer<com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent.ProxyRequestContext>
            through(String apiId, String stage, String apiKey) {
        return context -> {
            context.setApiId(apiId);
            context.setStage(stage);
            if (apiKey != null) {
                var identity = new com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent.RequestIdentity();
                identity.setApiKey(apiKey);
                context.setIdentity(identity);
            }
        };
    }

    /**
     * In GATEWAY mode API Gateway checks the key, and the Lambda serves only events that passed that
     * check on this deployment's API and stage: not a direct invocation without the key in its
     * request context, not API Gateway's console test (which skips the key check), not another API.
     */
    @Test
    void inGatewayModeOnlyEventsThatPassedTheGatewaysKeyCheckAreServed() throws Exception {
        try (ApplicationContext context = context(Map.of("filejobs.api.auth", "GATEWAY", "filejobs.api.gateway-api-id", "a1b2c3",
                "filejobs.api.gateway-stage", "v1"))) {
            var handler = new ApiGatewayProxyRequestEventFunction(context);
            ApiClient.Response served = new LambdaApiClient(handler, through("a1b2c3", "v1", "the-clients-key")).send("GET", "/jobs", Map.of(), null);
            assertEquals(200, served.status(), served::toString);

            for (var unchecked : Map.of(
                    "a direct invocation", new LambdaApiClient(handler),
                    "no key in the request context", new LambdaApiClient(handler, through("a1b2c3", "v1", null)),
                    "the console's test invocation", new LambdaApiClient(handler, through("a1b2c3", "test-invoke-stage", "test-invoke-api-key")),
                    "another API", new LambdaApiClient(handler, through("zzzzzz", "v1", "some-key")),
                    "another stage", new LambdaApiClient(handler, through("a1b2c3", "v2", "some-key"))).entrySet()) {
                ApiClient.Response refused = unchecked.getValue().send("GET", "/jobs", Map.of("x-api-key", "anything"), null);
                JobApiContract.assertProblem(refused, 401, "UNAUTHORIZED");
                assertFalse(refused.body().contains("\"items\""), unchecked.getKey());
            }
            assertEquals(200, new LambdaApiClient(handler).send("GET", "/health", Map.of(), null).status(), "health needs no key");
        }
    }

    @Test
    void withNoKeyConfiguredEveryRequestIsRefused() throws Exception {
        try (ApplicationContext context = context(Map.of())) {
            ApiClient client = new LambdaApiClient(new ApiGatewayProxyRequestEventFunction(context));
            JobApiContract.assertProblem(client.send("GET", "/jobs", Map.of("x-api-key", "anything"), null), 401, "UNAUTHORIZED");
        }
    }
}
