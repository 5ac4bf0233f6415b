package io.filejobs.app;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import io.micronaut.function.aws.proxy.payload1.ApiGatewayProxyRequestEventFunction;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Sends requests as API Gateway REST (payload 1.0) events through the real Lambda handler. */
public class LambdaApiClient implements ApiClient {

    private final ApiGatewayProxyRequestEventFunction handler;
    private final java.util.function.Consumer<APIGatewayProxyRequestEvent.ProxyRequestContext> gateway;

    public LambdaApiClient(ApiGatewayProxyRequestEventFunction handler) {
        this(handler, context -> {
        });
    }

    /** A client whose events carry what {@code gateway} puts into their request context, as API Gateway would. */
    public LambdaApiClient(ApiGatewayProxyRequestEventFunction handler,
            java.util.function.Consumer<APIGatewayProxyRequestEvent.ProxyRequestContext> gateway) {
        this.handler = handler;
        this.gateway = gateway;
    }

    @Override
    public Response send(String method, String pathAndQuery, Map<String, String> headers, String body) {
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent();
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        event.setHttpMethod(method);
        event.setPath(path);
        event.setResource(path);
        event.setHeaders(new HashMap<>(headers));
        Map<String, List<String>> multi = new HashMap<>();
        headers.forEach((k, v) -> multi.put(k, List.of(v)));
        event.setMultiValueHeaders(multi);
        if (q >= 0) {
            Map<String, String> query = new HashMap<>();
            Map<String, List<String>> multiQuery = new HashMap<>();
            for (String pair : pathAndQuery.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                query.put(k, v);
                multiQuery.put(k, List.of(v));
            }
            event.setQueryStringParameters(query);
            event.setMultiValueQueryStringParameters(multiQuery);
        }
        event.setBody(body);
        event.setIsBase64Encoded(false);
        APIGatewayProxyRequestEvent.ProxyRequestContext context = new APIGatewayProxyRequestEvent.ProxyRequestContext();
        context.setHttpMethod(method);
        context.setPath(path);
        context.setStage("test");
        gateway.accept(context);
        event.setRequestContext(context);
        APIGatewayProxyResponseEvent response = handler.handleRequest(event, new MockLambdaContext());
        Map<String, String> responseHeaders = new HashMap<>();
        if (response.getMultiValueHeaders() != null) {
            response.getMultiValueHeaders().forEach((k, v) -> responseHeaders.put(k, String.join(",", v)));
        }
        if (response.getHeaders() != null) {
            responseHeaders.putAll(response.getHeaders());
        }
        return new Response(response.getStatusCode(), responseHeaders, response.getBody() == null ? "" : response.getBody());
    }
}
