package io.filejobs.app.web;

import io.filejobs.core.error.ErrorCode;
import io.filejobs.core.error.FileJobsException;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The files the service serves from its own jar (the OpenAPI document, Swagger UI, the console):
 * read once and kept, each under a name checked against a plain pattern, never a path a request chose.
 */
@Singleton
public class ClasspathFiles {

    private static final Pattern NAME = Pattern.compile("[a-z0-9-]+(\\.[a-z0-9]+)+");
    private static final Map<String, MediaType> TYPES = Map.of(
            "html", MediaType.TEXT_HTML_TYPE,
            "js", MediaType.of("text/javascript"),
            "css", MediaType.of("text/css"),
            "png", MediaType.of("image/png"),
            "yml", MediaType.of("application/yaml"));

    private final Map<String, Optional<byte[]>> cache = new ConcurrentHashMap<>();

    /** The file {@code name} of the folder {@code dir}, with its type; 404 ROUTE_NOT_FOUND when there is none. */
    public MutableHttpResponse<byte[]> serve(String dir, String name) {
        MediaType type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
        byte[] bytes = NAME.matcher(name).matches() && type != null ? cache.computeIfAbsent(dir + name, ClasspathFiles::read).orElse(null) : null;
        if (bytes == null) {
            throw new FileJobsException(ErrorCode.ROUTE_NOT_FOUND, "no such file: " + name);
        }
        return HttpResponse.ok(bytes).contentType(type)
                .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                .header("X-Content-Type-Options", "nosniff");
    }

    /** As {@link #serve}, for a page's style sheets, scripts and images: never a page itself. */
    public MutableHttpResponse<byte[]> asset(String dir, String name) {
        if (name.endsWith(".html")) {
            throw new FileJobsException(ErrorCode.ROUTE_NOT_FOUND, "no such file: " + name);
        }
        return serve(dir, name);
    }

    private static Optional<byte[]> read(String path) {
        try (InputStream in = ClasspathFiles.class.getClassLoader().getResourceAsStream(path)) {
            return Optional.ofNullable(in == null ? null : in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
