package io.filejobs.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.filejobs.core.snapstart.PrimingReport;
import io.filejobs.core.snapstart.SnapStartPriming;
import io.micronaut.context.ApplicationContext;
import io.micronaut.crac.test.CheckpointSimulator;
import io.micronaut.function.aws.proxy.payload1.ApiGatewayProxyRequestEventFunction;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SnapStart priming in the API Lambda: the CRaC resources in its context (run here by
 * micronaut-crac's CheckpointSimulator, as the runtime runs them before the snapshot) prime serde
 * and storage, and the handler answers its first request after the restore.
 */
class ApiSnapStartPrimingTest {

    @Test
    void theCheckpointPrimesTheApiLambdaAndItServesAfterTheRestore() throws Exception {
        Map<String, Object> properties = LambdaJobApiTest.embeddedStorage(Files.createTempDirectory("api-priming-test"));
        properties.put("filejobs.api.key", "priming-key");
        try (ApplicationContext context = ApplicationContext.builder().environments("test").properties(properties).start()) {
            ApiGatewayProxyRequestEventFunction handler = new ApiGatewayProxyRequestEventFunction(context);
            CheckpointSimulator checkpoint = context.getBean(CheckpointSimulator.class);

            checkpoint.runBeforeCheckpoint();

            PrimingReport report = context.getBean(SnapStartPriming.class).lastReport();
            assertNotNull(report, "the checkpoint ran the priming");
            assertEquals(List.of("serde", "storage"), report.entries().stream().map(PrimingReport.Entry::name).sorted().toList());
            assertTrue(report.allCompleted(), report.toString());

            checkpoint.runAfterRestore();
            ApiClient.Response response = new LambdaApiClient(handler).send("GET", "/jobs", Map.of("x-api-key", "priming-key"), null);
            assertEquals(200, response.status(), response.body());
        }
    }
}
