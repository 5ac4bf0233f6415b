package io.filejobs.core.aws;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * Lets the SDK retry what the URL-connection HTTP client reports as an {@link UncheckedIOException}
 * (a kept-alive connection the server had closed, met while the response is read: "Unexpected end
 * of file from server"). The SDK's retry policy retries an {@link IOException} from the HTTP client,
 * but that client wraps it, so the failure passed every retry and reached callers as an unexpected
 * error (a 500 from the API, an INTERNAL step). Every SDK HTTP client bean is wrapped to hand the
 * IOException on as it was.
 */
@Singleton
public class CheckedIoHttpClients implements BeanCreatedEventListener<SdkHttpClient> {

    @Override
    public SdkHttpClient onCreated(BeanCreatedEvent<SdkHttpClient> event) {
        return wrap(event.getBean());
    }

    /** The client, reporting its IO failures as IOException. */
    public static SdkHttpClient wrap(SdkHttpClient client) {
        return client instanceof CheckedIo ? client : new CheckedIo(client);
    }

    private static final class CheckedIo implements SdkHttpClient {
        private final SdkHttpClient delegate;

        CheckedIo(SdkHttpClient delegate) {
            this.delegate = delegate;
        }

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            ExecutableHttpRequest prepared = delegate.prepareRequest(request);
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() throws IOException {
                    try {
                        return prepared.call();
                    } catch (UncheckedIOException e) {
                        throw e.getCause();
                    }
                }

                @Override
                public void abort() {
                    prepared.abort();
                }
            };
        }

        @Override
        public String clientName() {
            return delegate.clientName();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
