package io.filejobs.app;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

/** In contexts with {@code test.dynamodb.throttle-reads=true}, every DynamoDB read is throttled. */
@Singleton
@Requires(property = "test.dynamodb.throttle-reads", value = "true")
class ThrottledStorage implements BeanCreatedEventListener<DynamoDbClient> {

    @Override
    public DynamoDbClient onCreated(BeanCreatedEvent<DynamoDbClient> event) {
        DynamoDbClient real = event.getBean();
        return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(), new Class<?>[] {DynamoDbClient.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getItem") || method.getName().equals("scan")) {
                        // As DynamoDB answers it: the SDK tells throttling apart by the error code.
                        throw ProvisionedThroughputExceededException.builder().message("injected throttling").statusCode(400)
                                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException")
                                        .errorMessage("injected throttling").serviceName("DynamoDb").build())
                                .build();
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
