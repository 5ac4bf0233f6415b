package io.filejobs.app.logging;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import io.filejobs.core.logging.LogFields;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.servlet.http.ServletHttpRequest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * On the API Lambda, puts API Gateway's request id and the job, run and step the path names on every
 * log line written while the request is served (the Lambda serves one request at a time on one
 * thread, so the fields cannot leak to another request), and takes them off when it is answered.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Order(Ordered.HIGHEST_PRECEDENCE)
// The embedded runtime serves the same controllers with Netty, without the servlet classes.
@Requires(classes = ServletHttpRequest.class)
public class RequestLogFields {

    public static final String REQUEST_ID = "requestId";
    private static final Pattern PATH = Pattern.compile("^/jobs/([^/]+)(?:/runs/([^/]+)(?:/steps/([^/]+))?)?");
    private static final String ATTRIBUTE = RequestLogFields.class.getName();

    @RequestFilter
    public void begin(HttpRequest<?> request) {
        if (!(request instanceof ServletHttpRequest<?, ?> servlet) || !(servlet.getNativeRequest() instanceof APIGatewayProxyRequestEvent event)) {
            return;
        }
        if (event.getRequestContext() != null && event.getRequestContext().getRequestId() != null) {
            MDC.put(REQUEST_ID, event.getRequestContext().getRequestId());
        }
        Matcher ids = PATH.matcher(request.getPath());
        request.setAttribute(ATTRIBUTE, ids.find() ? LogFields.of(ids.group(1), ids.group(2), ids.group(3)) : LogFields.of(null, null, null));
    }

    @ResponseFilter
    public void end(HttpRequest<?> request, @Nullable MutableHttpResponse<?> response) {
        request.getAttribute(ATTRIBUTE, LogFields.class).ifPresent(LogFields::close);
        MDC.remove(REQUEST_ID);
    }
}
