package io.filejobs.app.web;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.swagger.v3.oas.annotations.Hidden;

/**
 * The web console: one page, a style sheet and a script, served without a key (they carry no data;
 * the page asks for the key and calls the API with it). The policy lets the page run its own script
 * and call its own origin, and nothing else: no inline script or style, no other host, no framing.
 */
@Hidden
@Controller("/console")
public class ConsoleController {

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final String DIR = "console/";

    private final ClasspathFiles files;

    public ConsoleController(ClasspathFiles files) {
        this.files = files;
    }

    @Get(produces = MediaType.TEXT_HTML)
    public HttpResponse<byte[]> page() {
        return guarded(files.serve(DIR, "index.html"));
    }

    @Get("/{name}")
    public HttpResponse<byte[]> asset(@PathVariable String name) {
        return guarded(files.asset(DIR, name));
    }

    private static MutableHttpResponse<byte[]> guarded(MutableHttpResponse<byte[]> response) {
        return response.header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("X-Frame-Options", "DENY")
                .header("Referrer-Policy", "no-referrer");
    }
}
