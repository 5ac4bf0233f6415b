package io.filejobs.local.workflow;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.ListPartsRequest;

/**
 * Test-only, on with {@code test.count-requests=true}: counts the S3 client's ListParts requests
 * (one per continued MERGE invocation), leaving the client's retries as they are; and while
 * {@link #dieAtNextPart} is set, the next part request of a multipart upload kills its worker
 * (an Error, which nothing cleans up after, as after a SIGKILL).
 */
@Factory
@Requires(property = "test.count-requests", value = "true")
public class RequestCounting {

    public static final AtomicInteger listParts = new AtomicInteger();
    public static final java.util.concurrent.atomic.AtomicBoolean dieAtNextPart = new java.util.concurrent.atomic.AtomicBoolean();
    /** While set, the next part request fails on a fault of FileJobs' own making (a bug), not of S3's. */
    public static final java.util.concurrent.atomic.AtomicBoolean bugAtNextPart = new java.util.concurrent.atomic.AtomicBoolean();

    /** What a worker killed mid-part throws. */
    public static final class WorkerKilled extends Error {
        WorkerKilled() {
            super("the worker was killed while it sent a part");
        }
    }

    @Singleton
    BeanCreatedEventListener<S3ClientBuilder> countingS3() {
        return (BeanCreatedEvent<S3ClientBuilder> event) -> event.getBean().overrideConfiguration(o -> o
                .addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        if (context.request() instanceof ListPartsRequest) {
                            listParts.incrementAndGet();
                        }
                        boolean part = context.request() instanceof software.amazon.awssdk.services.s3.model.UploadPartRequest
                                || context.request() instanceof software.amazon.awssdk.services.s3.model.UploadPartCopyRequest;
                        if (part && dieAtNextPart.compareAndSet(true, false)) {
                            throw new WorkerKilled();
                        }
                        if (part && bugAtNextPart.compareAndSet(true, false)) {
                            throw new NullPointerException("a bug in FileJobs");
                        }
                    }
                }));
    }
}
