package io.filejobs.core.testing;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Test-only, on with {@code test.failing-copies=true}: counts CopyObject requests by destination, and
 * answers those whose destination ({@code bucket/key}) is in {@link #failing} with the status given
 * there (500 InternalError, 403 AccessDenied), as one destination bucket that fails for some objects.
 * The failure is raised once per call, before the SDK's retries, so what a step does about it is
 * what is tested.
 */
@Factory
@Requires(property = "test.failing-copies", value = "true")
public class FailingCopies {

    /** Destination {@code bucket/key} to the HTTP status its copies fail with. */
    public static final Map<String, Integer> failing = new ConcurrentHashMap<>();
    /** Copies asked for, by destination {@code bucket/key}. */
    public static final Map<String, AtomicInteger> copies = new ConcurrentHashMap<>();

    public static int copiesTo(String destination) {
        AtomicInteger n = copies.get(destination);
        return n == null ? 0 : n.get();
    }

    /** Failures left per destination; a destination not listed here fails every time. */
    public static final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();

    public static void reset(Set<String> failingDestinations, int status) {
        failing.clear();
        copies.clear();
        failuresLeft.clear();
        failingDestinations.forEach(d -> failing.put(d, status));
    }

    /** As above, each destination failing only its first {@code times} copies. */
    public static void reset(Set<String> failingDestinations, int status, int times) {
        reset(failingDestinations, status);
        failingDestinations.forEach(d -> failuresLeft.put(d, new AtomicInteger(times)));
    }

    @Singleton
    BeanCreatedEventListener<S3ClientBuilder> failingS3() {
        // Thrown before the request is sent, the failure passes by the SDK's own retries, which stay as they are.
        return (BeanCreatedEvent<S3ClientBuilder> event) -> event.getBean().overrideConfiguration(o -> o
                .addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        if (context.request() instanceof CopyObjectRequest copy) {
                            String destination = copy.destinationBucket() + "/" + copy.destinationKey();
                            copies.computeIfAbsent(destination, k -> new AtomicInteger()).incrementAndGet();
                            Integer status = failing.get(destination);
                            AtomicInteger left = failuresLeft.get(destination);
                            if (status != null && (left == null || left.getAndDecrement() > 0)) {
                                String code = status == 403 ? "AccessDenied" : "InternalError";
                                throw S3Exception.builder().statusCode(status).message("injected " + code)
                                        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).serviceName("S3").build()).build();
                            }
                        }
                    }
                }));
    }
}
