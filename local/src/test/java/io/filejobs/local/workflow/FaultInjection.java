package io.filejobs.local.workflow;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Test-only beans, on with {@code test.fault-injection=true}: S3 answers the next
 * {@link #throttleCopies} CopyObject calls with 503 SlowDown (raised before the SDK's own retries,
 * so the state machine's are what is tested), CopyObject calls wait while {@link #holdCopies} is set,
 * and retry waits are recorded instead of slept.
 */
@Factory
@Requires(property = "test.fault-injection", value = "true")
public class FaultInjection {

    public static final AtomicInteger throttleCopies = new AtomicInteger();
    public static final List<Duration> waits = new CopyOnWriteArrayList<>();
    /** While set, every CopyObject waits until it is counted down: a run that stays RUNNING. */
    public static volatile CountDownLatch holdCopies;

    @Singleton
    @Replaces(value = Interpreter.Sleeper.class, factory = RealTimeSleeper.class)
    Interpreter.Sleeper recordingSleeper() {
        return waits::add;
    }

    @Singleton
    BeanCreatedEventListener<S3ClientBuilder> throttlingS3() {
        // Thrown before the request is sent, the fault passes by the SDK's own retries, which stay on:
        // with them off, a kept-alive connection S3Proxy closed failed the tests' other requests now and then.
        return (BeanCreatedEvent<S3ClientBuilder> event) -> event.getBean().overrideConfiguration(o -> o
                .addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        CountDownLatch hold = holdCopies;
                        if (context.request() instanceof CopyObjectRequest && hold != null) {
                            try {
                                if (!hold.await(60, TimeUnit.SECONDS)) {
                                    throw new IllegalStateException("a held copy was never released");
                                }
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                throw new IllegalStateException(e);
                            }
                        }
                        if (context.request() instanceof CopyObjectRequest && throttleCopies.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                            throw S3Exception.builder().statusCode(503).message("Please reduce your request rate.")
                                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("SlowDown").serviceName("S3").build()).build();
                        }
                    }
                }));
    }
}
