package io.filejobs.core.step.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.filejobs.core.error.FileJobsException;
import io.filejobs.core.job.JobDefinition;
import io.filejobs.core.job.JobDefinitionReader;
import io.filejobs.core.job.JobDefinitionValidator;
import io.filejobs.core.job.Step;
import io.filejobs.core.step.StepErrorCode;
import io.filejobs.core.step.StepExecutor;
import io.filejobs.core.step.StepFailure;
import io.filejobs.core.template.TemplateValues;
import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * HTTP steps against a local server on 127.0.0.2 (the only address listed besides the names used
 * here), with a resolver that answers .test names as an attacker's DNS might: what is sent, what is
 * kept, how answers map to codes, and every refusal.
 */
class HttpActionTest {

    private static final String TOKEN = "s3cr3t-token-value";
    private static ApplicationContext context;
    private static HttpServer server;
    private static String base;
    private static final List<Map<String, String>> received = new CopyOnWriteArrayList<>();
    private static final Map<String, Integer> calls = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
        server.createContext("/", HttpActionTest::answer);
        server.start();
        base = "http://127.0.0.2:" + server.getAddress().getPort();
        Path secrets = Files.createTempFile("secrets", ".json");
        Files.writeString(secrets, "{\"release-api\":\"" + TOKEN + "\",\"partner\":{\"username\":\"u\",\"password\":\"p\"}}");
        Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rw-------"));
        context = ApplicationContext.run(Map.of(
                "filejobs.embedded.s3.enabled", true, "filejobs.embedded.s3.port", 0,
                "filejobs.embedded.s3.dir", Files.createTempDirectory("http-steps").toString(),
                "filejobs.embedded.dynamodb.enabled", true, "filejobs.storage.create-if-missing", true, "aws.region", "us-east-1",
                "filejobs.http.allowed-hosts", "127.0.0.2, api.test, loopback.test, internal.test, metadata.test, localhost",
                "filejobs.secrets.file", secrets.toString(), "test.fake-dns", "true"));
        context.getBean(S3Client.class).createBucket(b -> b.bucket("bucket1"));
    }

    @AfterAll
    static void stop() {
        server.stop(0);
        context.close();
    }

    private static void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        calls.merge(path, 1, Integer::sum);
        received.add(Map.of("method", exchange.getRequestMethod(), "path", path,
                "authorization", String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")),
                "x-release", String.valueOf(exchange.getRequestHeaders().getFirst("X-Release")),
                "content-type", String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")),
                "body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        int status = 200;
        String body = "{\"deployment\":\"d-42\"}";
        switch (path) {
            case "/busy" -> status = 503;
            case "/slow-down" -> status = 429;
            case "/missing" -> status = 404;
            case "/redirect-in" -> {
                status = 302;
                exchange.getResponseHeaders().add("Location", "/deploy");
            }
            case "/redirect-out" -> {
                status = 302;
                exchange.getResponseHeaders().add("Location", "http://example.com/elsewhere");
            }
            case "/redirect-metadata" -> {
                status = 307;
                exchange.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data/");
            }
            case "/redirect-loopback" -> {
                status = 302;
                exchange.getResponseHeaders().add("Location", "http://loopback.test:" + server.getAddress().getPort() + "/deploy");
            }
            case "/slow" -> {
                try {
                    Thread.sleep(3000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            default -> {
            }
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static Step step(String json) {
        JobDefinition definition = context.getBean(JobDefinitionReader.class).read(("{\"name\":\"h\",\"steps\":[{\"id\":0,\"name\":\"call\","
                + "\"action\":\"HTTP\"," + json + "}]}").getBytes(StandardCharsets.UTF_8));
        context.getBean(JobDefinitionValidator.class).validate(definition);
        return definition.steps().get(0);
    }

    private static long run(Step step) {
        return context.getBean(StepExecutor.class).execute(step, new TemplateValues(Instant.parse("2026-11-28T01:00:00Z"), ZoneOffset.UTC,
                "20261128T010000000Z-m", "release"));
    }

    private static StepFailure fails(String json) {
        return assertThrows(StepFailure.class, () -> run(step(json)));
    }

    @Test
    void aPostCarriesItsBodyHeadersAndBearerTokenAndItsAnswerIsWrittenWhereOutputToSays() {
        received.clear();
        long bytes = run(step("\"method\":\"POST\",\"url\":\"" + base + "/deploy?run={runId}\",\"headers\":{\"X-Release\":\"7\"},"
                + "\"body\":{\"package\":\"app-7.zip\",\"replicas\":[1,2]},\"auth\":{\"secret\":\"release-api\"},"
                + "\"outputTo\":\"bucket1/answers/{runId}.json\""));

        Map<String, String> request = received.get(received.size() - 1);
        assertEquals("POST", request.get("method"));
        assertEquals("Bearer " + TOKEN, request.get("authorization"));
        assertEquals("7", request.get("x-release"));
        assertTrue(request.get("content-type").startsWith("application/json"), request.toString());
        assertEquals("{\"package\":\"app-7.zip\",\"replicas\":[1,2]}", request.get("body"));
        String kept = context.getBean(S3Client.class).getObjectAsBytes(b -> b.bucket("bucket1").key("answers/20261128T010000000Z-m.json"))
                .asUtf8String();
        assertEquals("{\"deployment\":\"d-42\"}", kept);
        assertEquals(kept.length(), bytes);
    }

    @Test
    void statusesMapToCodesTheStateMachineRetriesOrFailsOn() {
        assertEquals(StepErrorCode.TRANSIENT, fails("\"url\":\"" + base + "/busy\"").code());
        assertEquals(StepErrorCode.THROTTLED, fails("\"url\":\"" + base + "/slow-down\"").code());
        StepFailure missing = fails("\"url\":\"" + base + "/missing\"");
        assertEquals(StepErrorCode.UNEXPECTED_STATUS, missing.code());
        assertTrue(missing.getMessage().contains("404") && missing.getMessage().contains("200-299"), missing.getMessage());
        assertEquals(0, run(step("\"url\":\"" + base + "/missing\",\"expect\":[404]")));
        StepFailure slow = fails("\"url\":\"" + base + "/slow\",\"timeout\":\"PT1S\"");
        assertEquals(StepErrorCode.TRANSIENT, slow.code());
        assertTrue(slow.getMessage().contains("no answer within"), slow.getMessage());
    }

    @Test
    void aRedirectIsFollowedOnlyToAnAllowedHostAndAddress() {
        calls.clear();
        run(step("\"url\":\"" + base + "/redirect-in\""));
        assertEquals(1, calls.get("/deploy"));

        StepFailure out = fails("\"url\":\"" + base + "/redirect-out\"");
        assertEquals(StepErrorCode.HOST_NOT_ALLOWED, out.code());
        assertTrue(out.getMessage().contains("example.com"), out.getMessage());
        assertEquals(StepErrorCode.HOST_NOT_ALLOWED, fails("\"url\":\"" + base + "/redirect-metadata\"").code());
        StepFailure loopback = fails("\"url\":\"" + base + "/redirect-loopback\"");
        assertEquals(StepErrorCode.HOST_NOT_ALLOWED, loopback.code(), "loopback.test is listed, but 127.0.0.1 is not");
        assertTrue(loopback.getMessage().contains("127.0.0.1"), loopback.getMessage());
    }

    @Test
    void aListedNameThatResolvesInsideTheNetworkIsRefusedWhenItsAddressIsNotListed() {
        int port = server.getAddress().getPort();
        for (String host : List.of("loopback.test", "internal.test", "metadata.test", "localhost")) {
            StepFailure refused = fails("\"url\":\"http://" + host + ":" + port + "/deploy\"");
            assertEquals(StepErrorCode.HOST_NOT_ALLOWED, refused.code(), host);
            assertTrue(refused.getMessage().contains("resolves to"), refused.getMessage());
        }
        // A listed name that resolves to a listed address is called.
        calls.clear();
        run(step("\"url\":\"http://api.test:" + port + "/deploy\""));
        assertEquals(1, calls.get("/deploy"));
    }

    @Test
    void aHostNotListedIsRefusedWhenTheJobIsWrittenAndWhenItRuns() {
        FileJobsException refused = assertThrows(FileJobsException.class, () -> step("\"url\":\"https://example.com/hook\""));
        assertEquals("steps[0].url", refused.errors().get(0).field());
        assertTrue(refused.errors().get(0).message().contains("allowed-hosts"), refused.errors().toString());
        Step listed = step("\"url\":\"" + base + "/deploy\"");
        Step unlisted = new Step(0, "call", new HttpSpec(null, "http://169.254.169.254/latest/meta-data/", null, null, null, null, null, null));
        assertEquals(StepErrorCode.HOST_NOT_ALLOWED, assertThrows(StepFailure.class, () -> run(unlisted)).code());
        assertEquals(0, run(listed));
    }

    @Test
    void fieldsAUserCouldGetWrongAreRefusedNamingThem() {
        Map<String, String> refusals = Map.of(
                "\"url\":\"ftp://127.0.0.2/x\"", "steps[0].url",
                "\"url\":\"http://user:pw@127.0.0.2/x\"", "steps[0].url",
                "\"url\":\"http://{jobName}.example.com/x\"", "steps[0].url",
                "\"url\":\"" + base + "\",\"method\":\"FETCH\"", "steps[0].method",
                "\"url\":\"" + base + "\",\"headers\":{\"Authorization\":\"Bearer x\"}", "steps[0].headers.Authorization",
                "\"url\":\"" + base + "\",\"expect\":[99]", "steps[0].expect[0]",
                "\"url\":\"" + base + "\",\"timeout\":\"PT1H\"", "steps[0].timeout",
                "\"url\":\"" + base + "\",\"body\":{\"a\":1}", "steps[0].body",
                "\"url\":\"" + base + "\",\"auth\":{\"secret\":\"no spaces allowed\"}", "steps[0].auth.secret");
        refusals.forEach((json, field) -> {
            FileJobsException refused = assertThrows(FileJobsException.class, () -> step(json), json);
            assertTrue(refused.errors().stream().anyMatch(e -> e.field().equals(field)), field + " in " + refused.errors());
        });
    }

    @Test
    void aSecretThatDoesNotExistOrHoldsNoTokenFailsClearlyAndNoSecretIsShown() {
        StepFailure missing = fails("\"url\":\"" + base + "/deploy\",\"auth\":{\"secret\":\"nope\"}");
        assertEquals(StepErrorCode.SECRET_NOT_FOUND, missing.code());
        assertTrue(missing.getMessage().contains("'nope'"), missing.getMessage());
        StepFailure notAToken = fails("\"url\":\"" + base + "/deploy\",\"auth\":{\"secret\":\"partner\"}");
        assertEquals(StepErrorCode.SECRET_NOT_FOUND, notAToken.code());
        for (StepFailure failure : List.of(missing, notAToken, fails("\"url\":\"" + base + "/missing\",\"auth\":{\"secret\":\"release-api\"}"))) {
            assertFalse(failure.getMessage().contains(TOKEN) || failure.getMessage().contains("\"p\""), failure.getMessage());
        }
    }

    @Test
    void aSecretsFileOthersMayReadIsRefused() throws IOException {
        Path open = Files.createTempFile("open-secrets", ".json");
        Files.writeString(open, "{\"release-api\":\"" + TOKEN + "\"}");
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        io.filejobs.core.secret.SecretsFile file = new io.filejobs.core.secret.SecretsFile(open, io.micronaut.json.JsonMapper.createDefault());
        var refused = assertThrows(io.filejobs.core.secret.SecretStore.SecretUnavailableException.class, () -> file.find("release-api"));
        assertTrue(refused.getMessage().contains("chmod 600"), refused.getMessage());
        assertFalse(refused.getMessage().contains(TOKEN));
    }

    @Test
    void aUrlThatCannotBeAnAddressIsRefusedAndOneAFilledPlaceholderBreaksFailsTheStepClearly() {
        FileJobsException refused = assertThrows(FileJobsException.class, () -> step("\"url\":\"" + base + "/reports/{date:yyyy MM}\""));
        assertEquals("steps[0].url", refused.errors().get(0).field());
        // A name filled in at run time (the key of the object that started the run, say) that makes no address fails the step.
        Step filled = new Step(0, "call", new HttpSpec(null, base + "/reports/a key with spaces", null, null, null, null, null, null));
        StepFailure failed = assertThrows(StepFailure.class, () -> run(filled));
        assertEquals(StepErrorCode.PRECONDITION_FAILED, failed.code());
        assertTrue(failed.getMessage().contains("not a valid address"), failed.getMessage());
    }
}
