package io.filejobs.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Requests no HTTP client library would send, written byte for byte to the embedded runtime's
 * port: URLs that do not decode, a request line or headers too long, a body that stops arriving.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RawHttpTest {

    private static final String KEY = "raw-key";
    private LocalRuntime runtime;

    @BeforeAll
    void start() throws IOException {
        runtime = LocalRuntime.start(LocalSettings.from(Map.of("FILEJOBS_PORT", "0", "FILEJOBS_S3_PORT", "0",
                "FILEJOBS_DATA_DIR", Files.createTempDirectory("filejobs-raw-test").toString(), "FILEJOBS_API_KEY", KEY)));
    }

    @AfterAll
    void stop() {
        runtime.close();
    }

    /** Sends the request as given and reads the answer until the server closes or 30 s pass. */
    private String exchange(String request) throws IOException {
        try (Socket socket = new Socket(runtime.apiUrl().getHost(), runtime.apiUrl().getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) > 0;) {
                    answer.write(buffer, 0, n);
                    if (complete(answer.toString(StandardCharsets.UTF_8))) {
                        break;
                    }
                }
            } catch (SocketTimeoutException e) {
                // What arrived is the answer.
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    private static boolean complete(String answer) {
        int end = answer.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        String head = answer.substring(0, end).toLowerCase();
        int at = head.indexOf("content-length:");
        if (at < 0) {
            return false;
        }
        int length = Integer.parseInt(head.substring(at + 15, head.indexOf('\n', at) < 0 ? head.length() : head.indexOf('\n', at)).trim());
        return answer.length() - end - 4 >= length;
    }

    private static void assertProblem(String answer, int status, String code) {
        assertTrue(answer.matches("(?s)HTTP/1\\.[01] " + status + " .*"), answer);
        assertTrue(answer.toLowerCase().contains("content-type: application/problem+json"), answer);
        assertTrue(answer.contains("\"code\":\"" + code + "\""), answer);
    }

    private static String get(String target, String... headers) {
        return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: " + KEY + "\r\n" + String.join("", headers) + "Connection: close\r\n\r\n";
    }

    @Test
    void urlsThatDoNotDecodeAreMalformedNotUnauthorized() throws IOException {
        assertProblem(exchange(get("/jobs?cursor=%%%")), 400, "MALFORMED_REQUEST");
        assertProblem(exchange(get("/jobs/%zz")), 400, "MALFORMED_REQUEST");
        assertTrue(exchange(get("/jobs")).startsWith("HTTP/1.1 200 "), "a well-formed request with the key is served");
    }

    @Test
    void aRequestLineOrHeadersTooLongGet414And431() throws IOException {
        assertProblem(exchange(get("/jobs/" + "a".repeat(10_000))), 414, "URI_TOO_LONG");
        assertProblem(exchange(get("/jobs", "X-Filler: " + "b".repeat(20_000) + "\r\n")), 431, "HEADERS_TOO_LARGE");
    }

    /** A body that stops arriving holds its connection for seconds (the idle timeout, 15 s), not for minutes. */
    @Test
    void aStalledBodyLosesItsConnectionWithinSeconds() throws IOException {
        Instant started = Instant.now();
        try (Socket socket = new Socket(runtime.apiUrl().getHost(), runtime.apiUrl().getPort())) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /jobs HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: " + KEY + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000\r\n\r\n{\"name\":").getBytes(StandardCharsets.UTF_8));
            out.flush();
            byte[] buffer = new byte[8192];
            while (socket.getInputStream().read(buffer) > 0) {
                // Read whatever the server says until it closes.
            }
        }
        Duration held = Duration.between(started, Instant.now());
        assertTrue(held.compareTo(Duration.ofSeconds(30)) < 0, "the connection was held for " + held);
        assertEquals(true, held.compareTo(Duration.ofSeconds(5)) > 0, "the server waited a little for the body: " + held);
    }

    /** A request from a web page of another origin is refused with a problem body, not an empty 403. */
    @Test
    void aCrossOriginRequestIsRefusedWithAProblem() throws IOException {
        assertProblem(exchange(get("/jobs", "Origin: http://evil.example\r\n")), 403, "ORIGIN_NOT_ALLOWED");
    }
}
