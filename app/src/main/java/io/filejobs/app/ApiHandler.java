package io.filejobs.app;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.env.Environment;
import io.micronaut.function.aws.proxy.payload1.ApiGatewayProxyRequestEventFunction;

/**
 * The API Lambda's handler: Micronaut's API Gateway (payload 1.0) function, with singletons built
 * when a request first needs them. Micronaut's Lambda builder asks for every singleton at start,
 * and that cannot be switched off on its builder ({@code eagerInitSingletons(false)} leaves the
 * singleton stereotype it added), so this handler starts from a plain builder with the same
 * environments and eager configuration. A cold start that reads a job then builds neither the
 * Step Functions, Scheduler, SNS nor Secrets Manager client.
 */
public class ApiHandler extends ApiGatewayProxyRequestEventFunction {

    @Override
    protected ApplicationContextBuilder newApplicationContextBuilder() {
        // The environments Micronaut's Lambda builder names: "function", and "lambda".
        return ApplicationContext.builder().environments(Environment.FUNCTION, "lambda").eagerInitConfiguration(true);
    }
}
