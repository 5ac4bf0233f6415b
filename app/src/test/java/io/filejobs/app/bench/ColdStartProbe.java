package io.filejobs.app.bench;

import io.filejobs.app.ApiClient;
import io.filejobs.app.ApiHandler;
import io.filejobs.app.JobApiContract;
import io.filejobs.app.LambdaApiClient;
import io.micronaut.function.aws.proxy.payload1.ApiGatewayProxyRequestEventFunction;
import java.lang.management.ManagementFactory;
import java.util.Map;

/**
 * Measures one Lambda cold start: the handler is built as the Lambda runtime builds it (no-argument
 * constructor, configuration from system properties), then answers its first request. Prints one
 * JSON line; scripts/bench-api.sh runs it in fresh JVMs and takes the median.
 */
public final class ColdStartProbe {

    private ColdStartProbe() {
    }

    public static void main(String[] args) {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        ApiGatewayProxyRequestEventFunction handler = new ApiHandler();
        long initialized = System.currentTimeMillis();
        // The events carry what API Gateway adds once it has checked the key (the function runs in GATEWAY mode).
        ApiClient client = new LambdaApiClient(handler, context -> {
            com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent.RequestIdentity identity =
                    new com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent.RequestIdentity();
            identity.setApiKey("bench-key");
            context.setIdentity(identity);
        });
        ApiClient.Response created = client.send("POST", "/jobs", Map.of("Content-Type", "application/json"), JobApiContract.COPY_EXAMPLE);
        long firstAnswered = System.currentTimeMillis();
        String id = created.status() == 201 ? (String) created.json().get("id") : "none";
        long readStart = System.nanoTime();
        ApiClient.Response read = client.send("GET", "/jobs/" + id, Map.of(), null);
        double secondMs = (System.nanoTime() - readStart) / 1e6;
        System.out.printf("{\"initMs\":%d,\"firstRequestMs\":%d,\"firstStatus\":%d,\"secondRequestMs\":%.1f,\"secondStatus\":%d}%n",
                initialized - jvmStart, firstAnswered - jvmStart, created.status(), secondMs, read.status());
        System.exit(created.status() == 201 && read.status() == 200 ? 0 : 1);
    }
}
