package io.filejobs.local;

import io.filejobs.app.error.ProblemErrorResponseProcessor;
import io.filejobs.app.error.ProblemResponses;
import io.filejobs.core.error.ErrorCode;
import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * On the embedded runtime's HTTP server, a request line or headers too long to read are answered
 * 414 URI_TOO_LONG and 431 HEADERS_TOO_LARGE, not the 413 the server gives every oversized part.
 * (On AWS, API Gateway sets and enforces these limits.)
 */
@Primary
@Singleton
@Replaces(ProblemErrorResponseProcessor.class)
public class OversizedRequestProblems extends ProblemErrorResponseProcessor {

    public OversizedRequestProblems(ProblemResponses problems) {
        super(problems);
    }

    @Override
    public MutableHttpResponse<String> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        if (context.getRequest() instanceof NettyHttpRequest<?> netty) {
            Throwable cause = netty.getNativeRequest().decoderResult().cause();
            if (cause instanceof TooLongHttpLineException) {
                return problems.fill(response, context.getRequest(), ErrorCode.URI_TOO_LONG,
                        "the request line (method and URL) is longer than the server reads; shorten the URL", List.of());
            }
            if (cause instanceof TooLongHttpHeaderException) {
                return problems.fill(response, context.getRequest(), ErrorCode.HEADERS_TOO_LARGE,
                        "the request's headers are larger than the server reads", List.of());
            }
        }
        return super.processResponse(context, response);
    }
}
