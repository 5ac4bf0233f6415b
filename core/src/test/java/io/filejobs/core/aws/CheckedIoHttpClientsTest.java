package io.filejobs.core.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A connection the server closed under a kept-alive request is retried by the SDK, as an IO failure
 * is: the URL-connection client reports it as an UncheckedIOException, which the SDK would not retry.
 */
class CheckedIoHttpClientsTest {

    /** An HTTP client whose first {@code failures} calls break off as the URL-connection client reports it, then answers 200. */
    private static SdkHttpClient breakingOff(int failures, AtomicInteger calls) {
        return new SdkHttpClient() {
            @Override
            public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
                return new ExecutableHttpRequest() {
                    @Override
                    public HttpExecuteResponse call() {
                        if (calls.incrementAndGet() <= failures) {
                            throw new UncheckedIOException(new IOException("Unexpected end of file from server"));
                        }
                        return HttpExecuteResponse.builder().response(SdkHttpResponse.builder().statusCode(200).build())
                                .responseBody(AbortableInputStream.create(new java.io.ByteArrayInputStream(new byte[0]))).build();
                    }

                    @Override
                    public void abort() {
                    }
                };
            }

            @Override
            public void close() {
            }
        };
    }

    private static S3Client s3(SdkHttpClient http) {
        return S3Client.builder().httpClient(http).region(Region.US_EAST_1).credentialsProvider(AnonymousCredentialsProvider.create())
                .endpointOverride(java.net.URI.create("http://127.0.0.1:1")).forcePathStyle(true).build();
    }

    @Test
    void aConnectionThatBrokeOffIsRetriedByTheSdk() {
        AtomicInteger calls = new AtomicInteger();
        try (S3Client s3 = s3(CheckedIoHttpClients.wrap(breakingOff(1, calls)))) {
            s3.headBucket(b -> b.bucket("bucket1"));
        }
        assertEquals(2, calls.get(), "the second try succeeded");
    }

    @Test
    void unwrappedTheSameFailureEscapesEveryRetry() {
        AtomicInteger calls = new AtomicInteger();
        try (S3Client s3 = s3(breakingOff(1, calls))) {
            assertThrows(UncheckedIOException.class, () -> s3.headBucket(b -> b.bucket("bucket1")));
        }
        assertEquals(1, calls.get());
    }

    @Test
    void aConnectionThatKeepsBreakingFailsAsAnSdkClientException() {
        AtomicInteger calls = new AtomicInteger();
        try (S3Client s3 = s3(CheckedIoHttpClients.wrap(breakingOff(100, calls)))) {
            assertThrows(SdkClientException.class, () -> s3.headBucket(b -> b.bucket("bucket1")));
        }
        assertTrue(calls.get() > 1, "retried before it gave up: " + calls.get());
    }

    @Test
    void theApplicationsHttpClientIsWrapped() {
        try (ApplicationContext context = ApplicationContext.run(Map.of("aws.region", "us-east-1"))) {
            SdkHttpClient http = context.getBean(SdkHttpClient.class);
            assertEquals(CheckedIoHttpClients.wrap(http), http, "wrapping again changes nothing: it is wrapped already");
        }
    }
}
