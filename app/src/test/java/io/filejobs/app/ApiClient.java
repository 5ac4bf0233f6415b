package io.filejobs.app;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** One way of sending a request to the API: through the Lambda adapter, or over HTTP. */
public interface ApiClient {

    Response send(String method, String path, Map<String, String> headers, String body);

    /** A response with case-insensitive headers and the body parsed on demand. */
    record Response(int status, Map<String, String> headers, String body) {

        private static final JsonMapper JSON = JsonMapper.createDefault();

        public Response {
            Map<String, String> folded = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.forEach((k, v) -> folded.put(k.toLowerCase(Locale.ROOT), v));
            headers = folded;
        }

        public String header(String name) {
            return headers.get(name);
        }

        public Map<String, Object> json() {
            try {
                return JSON.readValue(body, Argument.mapOf(String.class, Object.class));
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        @Override
        public String toString() {
            return status + " " + headers + " " + body;
        }
    }
}
