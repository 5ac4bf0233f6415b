package io.filejobs.app;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import io.micronaut.function.aws.proxy.payload1.ApiGatewayProxyRequestEventFunction;
import io.micronaut.inject.BeanDefinition;
import java.util.Map;
import java.util.TreeSet;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Run by {@link LambdaPackageIT} in a JVM of its own: builds the API Lambda's handler as the Lambda
 * runtime does, answers GET /health through it, and prints whether Micronaut AOT's optimizations
 * are in use, the health status, which AWS clients the health check left built though it calls none
 * of their services, and every bean definition the context holds, one a line.
 * Depends on nothing but the class path it is given.
 */
public final class LambdaBeanCensus {

    private LambdaBeanCensus() {
    }

    public static void main(String[] args) {
        ApiGatewayProxyRequestEventFunction handler = new ApiHandler();
        ApplicationContext context = handler.getApplicationContext();
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent();
        event.setHttpMethod("GET");
        event.setPath("/health");
        event.setResource("/health");
        event.setHeaders(Map.of());
        APIGatewayProxyRequestEvent.ProxyRequestContext request = new APIGatewayProxyRequestEvent.ProxyRequestContext();
        request.setHttpMethod("GET");
        request.setPath("/health");
        event.setRequestContext(request);
        APIGatewayProxyResponseEvent health = handler.handleRequest(event, new MockLambdaContext());
        System.out.println("aot " + context.getProperty("micronaut.aot.enabled", Boolean.class).orElse(false));
        System.out.println("health " + health.getStatusCode());
        // The clients of the services a health check never calls, built all the same.
        for (Class<?> client : new Class<?>[] {SfnClient.class, SchedulerClient.class, SnsClient.class, SecretsManagerClient.class}) {
            if (!context.getActiveBeanRegistrations(client).isEmpty()) {
                System.out.println("built " + client.getSimpleName());
            }
        }
        TreeSet<String> beans = new TreeSet<>();
        for (BeanDefinition<?> definition : context.getAllBeanDefinitions()) {
            beans.add("bean " + definition.getClass().getName());
        }
        beans.forEach(System.out::println);
        System.exit(0);
    }
}
