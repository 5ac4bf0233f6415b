package io.filejobs.core.step.http;

import io.filejobs.core.job.StepFields;
import io.filejobs.core.job.StepRules;
import io.filejobs.core.s3.ObjectRef;
import io.filejobs.core.secret.Secret;
import io.filejobs.core.secret.SecretNames;
import io.filejobs.core.step.ObjectAccess;
import io.filejobs.core.step.PlanContext;
import io.filejobs.core.step.S3Failures;
import io.filejobs.core.step.S3Objects;
import io.filejobs.core.step.StepAction;
import io.filejobs.core.step.StepContext;
import io.filejobs.core.step.StepErrorCode;
import io.filejobs.core.step.StepFailure;
import io.filejobs.core.step.StepOutcome;
import io.filejobs.core.step.StepSecrets;
import io.filejobs.core.template.Template;
import io.filejobs.core.template.TemplateException;
import io.filejobs.core.template.TemplateValues;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * HTTP: calls an outside API. Only hosts on {@code filejobs.http.allowed-hosts} are called, and only
 * at public addresses unless the address itself is listed ({@link HostPolicy}, checked as the
 * client resolves the host, so the address checked is the one connected to); a redirect is followed
 * (at most five) only to an allowed host. A bearer token comes from a named secret and is never
 * logged or recorded. 429 is THROTTLED and 5xx TRANSIENT (the state machine retries them with its
 * backoff); another status the step does not expect fails it (UNEXPECTED_STATUS). With {@code
 * outputTo} the answer's body is written to S3 and checked there.
 */
@Singleton
public class HttpAction implements StepAction<HttpSpec> {

    private static final Logger LOG = LoggerFactory.getLogger(HttpAction.class);

    public static final String NAME = "HTTP";
    static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD");
    /** Headers the client sets itself, or the secret does. */
    static final Set<String> OWN_HEADERS = Set.of("host", "content-length", "transfer-encoding", "connection", "authorization", "expect",
            "upgrade", "te", "trailer", "keep-alive", "proxy-authorization");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}");
    static final int MAX_HEADERS = 32;
    static final int MAX_BODY_BYTES = 256 * 1024;
    static final int MAX_REDIRECTS = 5;

    private final HostPolicy hosts;
    private final HttpConfiguration config;
    private final StepSecrets secrets;
    private final S3Client s3;
    private final S3Objects objects;
    private final JsonMapper json;
    // Built on first use: an API Lambda that only validates HTTP steps never loads the client's classes.
    private CloseableHttpClient client;

    public HttpAction(HostPolicy hosts, HttpConfiguration config, StepSecrets secrets, S3Client s3, S3Objects objects,
            JsonMapper json) {
        this.hosts = hosts;
        this.config = config;
        this.secrets = secrets;
        this.s3 = s3;
        this.objects = objects;
        this.json = json;
    }

    private synchronized CloseableHttpClient client() {
        if (client == null) {
            DnsResolver resolver = new DnsResolver() {
                @Override
                public InetAddress[] resolve(String host) throws UnknownHostException {
                    return hosts.addresses(host);
                }

                @Override
                public String resolveCanonicalHostname(String host) {
                    return host;
                }
            };
            client = HttpClients.custom()
                    .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create().setDnsResolver(resolver)
                            .setMaxConnTotal(64).setMaxConnPerRoute(16).build())
                    .disableRedirectHandling().disableAutomaticRetries().disableCookieManagement().disableAuthCaching()
                    .build();
        }
        return client;
    }

    @PreDestroy
    synchronized void close() throws IOException {
        if (client != null) {
            client.close();
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<HttpSpec> specType() {
        return HttpSpec.class;
    }

    @Override
    public List<String> fields() {
        return List.of("method", "url", "headers", "body", "auth", "expect", "outputTo", "timeout");
    }

    @Override
    public HttpSpec read(StepFields fields) {
        String method = fields.string("method");
        String url = fields.string("url");
        Map<String, String> headers = null;
        JsonNode headerNode = fields.node("headers");
        if (headerNode != null && !headerNode.isNull()) {
            if (!headerNode.isObject()) {
                fields.error("headers", "must be an object of header names and string values");
            } else {
                headers = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> header : headerNode.entries()) {
                    if (!header.getValue().isString()) {
                        fields.error("headers." + header.getKey(), "must be a string");
                    } else {
                        headers.put(header.getKey(), header.getValue().getStringValue());
                    }
                }
            }
        }
        JsonNode body = fields.node("body");
        String secret = null;
        if (fields.node("auth") != null && !fields.node("auth").isNull()) {
            if (!fields.isObject("auth")) {
                fields.error("auth", "must be an object such as {\"secret\": \"release-api\"}");
            } else {
                secret = fields.object("auth", List.of("secret")).required("secret");
            }
        }
        List<Integer> expect = null;
        JsonNode expectNode = fields.node("expect");
        if (expectNode != null && !expectNode.isNull()) {
            if (!expectNode.isArray()) {
                fields.error("expect", "must be a list of status codes such as [200, 202]");
            } else {
                expect = new ArrayList<>();
                for (int i = 0; i < expectNode.size(); i++) {
                    JsonNode code = expectNode.get(i);
                    Object n = code.isNumber() ? code.getNumberValue() : null;
                    if (n instanceof Integer || n instanceof Long || n instanceof Short) {
                        expect.add(((Number) n).intValue());
                    } else {
                        fields.error("expect[" + i + "]", "must be a status code (a whole number from 100 to 599)");
                    }
                }
            }
        }
        return new HttpSpec(method, url, headers, body == null || body.isNull() ? null : body, secret, expect, fields.string("outputTo"),
                fields.string("timeout"));
    }

    @Override
    public void validate(HttpSpec spec, StepRules rules) {
        if (spec.method() != null && !METHODS.contains(spec.method())) {
            rules.error("method", "must be one of GET, POST, PUT, PATCH, DELETE, HEAD; got '" + spec.method() + "'");
        }
        if (spec.body() != null && ("GET".equals(spec.methodOrDefault()) || "HEAD".equals(spec.methodOrDefault()))) {
            rules.error("body", "is sent only with POST, PUT, PATCH or DELETE");
        }
        validateUrl(spec.url(), rules);
        if (spec.headers() != null) {
            if (spec.headers().size() > MAX_HEADERS) {
                rules.error("headers", "has " + spec.headers().size() + " headers; at most " + MAX_HEADERS + " are allowed");
            }
            spec.headers().forEach((name, value) -> {
                if (!HEADER_NAME.matcher(name).matches()) {
                    rules.error("headers." + name, "is not a valid header name");
                } else if (OWN_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                    rules.error("headers." + name, "is set by FileJobs itself" + ("authorization".equalsIgnoreCase(name)
                            ? "; name a secret in auth.secret for a bearer token, so the token is never part of the job" : ""));
                } else if (value.length() > 4096 || value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
                    rules.error("headers." + name, "must be at most 4096 characters without control characters");
                }
            });
        }
        if (spec.body() != null) {
            try {
                if (json.writeValueAsBytes(spec.body()).length > MAX_BODY_BYTES) {
                    rules.error("body", "must be at most " + MAX_BODY_BYTES + " bytes as JSON");
                }
            } catch (IOException e) {
                rules.error("body", "cannot be written as JSON");
            }
        }
        if (spec.authSecret() != null && !SecretNames.isWellFormed(spec.authSecret())) {
            rules.error("auth.secret", "must be a secret's name: 1 to 128 letters, digits and /_+=.@-");
        }
        if (spec.expect() != null) {
            if (spec.expect().isEmpty()) {
                rules.error("expect", "is empty; leave it out to expect 200-299");
            }
            for (int i = 0; i < spec.expect().size(); i++) {
                int code = spec.expect().get(i);
                if (code < 100 || code > 599) {
                    rules.error("expect[" + i + "]", "must be a status code from 100 to 599; got " + code);
                }
            }
        }
        if (spec.outputTo() != null) {
            rules.objectTemplate("outputTo", spec.outputTo());
        }
        if (spec.timeout() != null) {
            try {
                Duration timeout = Duration.parse(spec.timeout());
                if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(HttpSpec.MAX_TIMEOUT) > 0) {
                    rules.error("timeout", "must be from PT1S to PT10M; got " + spec.timeout());
                }
            } catch (DateTimeParseException e) {
                rules.error("timeout", "must be an ISO-8601 duration such as PT30S; got '" + spec.timeout() + "'");
            }
        }
    }

    private void validateUrl(String url, StepRules rules) {
        if (url == null) {
            rules.error("url", "is required for HTTP: the http:// or https:// address to call");
            return;
        }
        try {
            Template.parse(url);
        } catch (TemplateException e) {
            rules.error("url", e.getMessage());
            return;
        }
        String head = Template.literalHead(url);
        URI uri;
        try {
            uri = new URI(url.replace("{", "%7B").replace("}", "%7D"));
        } catch (URISyntaxException e) {
            rules.error("url", "is not a valid address: " + e.getReason());
            return;
        }
        if (uri.getScheme() == null || !Set.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT)) || uri.getHost() == null) {
            rules.error("url", "must be an http:// or https:// address with a host");
            return;
        }
        if (uri.getRawUserInfo() != null) {
            rules.error("url", "must not hold a user name or password; name a secret in auth.secret instead");
            return;
        }
        if (!head.contains("://" + uri.getRawAuthority())) {
            rules.error("url", "names its host with a placeholder; a template fills in the path and query only, the host is written out");
            return;
        }
        hosts.problem(uri.getHost()).ifPresent(problem -> rules.error("url", problem));
    }

    @Override
    public HttpSpec resolve(HttpSpec spec, TemplateValues values) {
        return new HttpSpec(spec.method(), Template.parse(spec.url()).render(values), spec.headers(), spec.body(), spec.authSecret(),
                spec.expect(), spec.outputTo() == null ? null : Template.parse(spec.outputTo()).render(values), spec.timeout());
    }

    @Override
    public List<ObjectAccess> accesses(HttpSpec spec) {
        return spec.outputTo() == null ? List.of() : List.of(ObjectAccess.write("outputTo", ObjectRef.parse(spec.outputTo())));
    }

    @Override
    public List<NamedTarget> writes(HttpSpec spec) {
        return spec.outputTo() == null ? List.of() : List.of(new NamedTarget("outputTo", spec.outputTo()));
    }

    /** The step's address as the run filled it; one the filling made invalid (a pattern with a space) fails the step. */
    private static URI address(HttpSpec spec) {
        try {
            return new URI(spec.url());
        } catch (URISyntaxException e) {
            throw new StepFailure(StepErrorCode.PRECONDITION_FAILED, "the url, filled for this run, is not a valid address: " + e.getReason()
                    + "; keep spaces and other characters an address cannot hold out of its placeholders' patterns");
        }
    }

    @Override
    public void plan(HttpSpec spec, PlanContext plan) {
        plan.request("HTTP " + spec.methodOrDefault(), 1);
        URI uri = address(spec);
        hosts.problem(uri.getHost()).ifPresent(problem -> plan.fail(StepErrorCode.HOST_NOT_ALLOWED, problem));
        if (spec.outputTo() != null) {
            plan.request("PutObject", 1);
            plan.warn("the answer's body is written to " + spec.outputTo() + "; its size is known only when the call is made");
        }
    }

    @Override
    public StepOutcome execute(HttpSpec spec, StepContext context) {
        URI uri = address(spec);
        String token = spec.authSecret() == null ? null : token(spec.authSecret());
        String method = spec.methodOrDefault();
        byte[] body = spec.body() == null ? null : bodyBytes(spec.body());
        Duration timeout = spec.timeoutDuration();
        for (int hop = 0; ; hop++) {
            hosts.problem(uri.getHost()).ifPresent(problem -> {
                throw new StepFailure(StepErrorCode.HOST_NOT_ALLOWED, problem);
            });
            Answer answer = call(method, uri, spec, body, token, timeout);
            if (spec.expects(answer.status())) {
                long written = answer.body() == null ? 0 : answer.body().length;
                if (spec.outputTo() != null) {
                    write(ObjectRef.parse(spec.outputTo()), answer);
                }
                LOG.info("HTTP {} {} answered {}", method, uri.getHost(), answer.status());
                return StepOutcome.done(spec.outputTo() == null ? 0 : written);
            }
            if (answer.status() >= 300 && answer.status() < 400 && answer.location() != null && answer.status() != 304) {
                if (hop >= MAX_REDIRECTS) {
                    throw new StepFailure(StepErrorCode.UNEXPECTED_STATUS, "the call was redirected more than " + MAX_REDIRECTS + " times");
                }
                URI next;
                try {
                    next = uri.resolve(answer.location());
                } catch (IllegalArgumentException e) {
                    throw new StepFailure(StepErrorCode.UNEXPECTED_STATUS, "the call was redirected to an address that cannot be read");
                }
                if (next.getScheme() == null || !Set.of("http", "https").contains(next.getScheme().toLowerCase(Locale.ROOT)) || next.getHost() == null) {
                    throw new StepFailure(StepErrorCode.UNEXPECTED_STATUS, "the call was redirected to a non-HTTP address");
                }
                Optional<String> refused = hosts.problem(next.getHost());
                if (refused.isPresent()) {
                    throw new StepFailure(StepErrorCode.HOST_NOT_ALLOWED, "the call to " + uri.getHost() + " was redirected to another host: "
                            + refused.get());
                }
                if (answer.status() == 303 || (answer.status() == 301 || answer.status() == 302) && "POST".equals(method)) {
                    method = "GET";
                    body = null;
                }
                uri = next;
                continue;
            }
            String said = "HTTP " + method + " " + uri.getHost() + uri.getRawPath() + " answered " + answer.status() + ", expected " + spec.expected();
            if (answer.status() == 429) {
                throw new StepFailure(StepErrorCode.THROTTLED, said + "; tried again later");
            }
            if (answer.status() >= 500) {
                throw new StepFailure(StepErrorCode.TRANSIENT, said + "; tried again later");
            }
            throw new StepFailure(StepErrorCode.UNEXPECTED_STATUS, said);
        }
    }

    private record Answer(int status, String location, byte[] body, String contentType) {
    }

    private Answer call(String method, URI uri, HttpSpec spec, byte[] body, String token, Duration timeout) {
        HttpUriRequestBase request = new HttpUriRequestBase(method, uri);
        request.setConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(timeout)).setConnectionRequestTimeout(Timeout.of(timeout))
                .build());
        if (spec.headers() != null) {
            spec.headers().forEach(request::addHeader);
        }
        if (token != null) {
            request.addHeader("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
        }
        try {
            return client().execute(request, org.apache.hc.client5.http.protocol.HttpClientContext.create(), response -> {
                Header location = response.getFirstHeader("Location");
                HttpEntity entity = response.getEntity();
                byte[] kept = null;
                if (entity != null) {
                    try (InputStream in = entity.getContent()) {
                        kept = spec.outputTo() == null ? drain(in) : read(in);
                    }
                }
                return new Answer(response.getCode(), location == null ? null : location.getValue(), kept,
                        entity == null || entity.getContentType() == null ? "application/octet-stream" : entity.getContentType());
            });
        } catch (HostPolicy.RefusedHostException refused) {
            throw new StepFailure(StepErrorCode.HOST_NOT_ALLOWED, refused.getMessage());
        } catch (StepFailure failure) {
            throw failure;
        } catch (UnknownHostException unknown) {
            throw new StepFailure(StepErrorCode.TRANSIENT, "host " + uri.getHost() + " could not be resolved");
        } catch (IOException e) {
            // A refused or dropped connection, a timeout: worth another try. The message names no header or token.
            throw new StepFailure(StepErrorCode.TRANSIENT, "HTTP " + method + " " + uri.getHost() + " failed: " + e.getClass().getSimpleName()
                    + (e instanceof java.net.SocketTimeoutException || e instanceof org.apache.hc.core5.http.ConnectionRequestTimeoutException
                    ? " (no answer within " + timeout + ")" : ""));
        }
    }

    private static byte[] drain(InputStream in) throws IOException {
        in.transferTo(java.io.OutputStream.nullOutputStream());
        return null;
    }

    private byte[] read(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) >= 0) {
            total += n;
            if (total > config.getMaxResponseBytes()) {
                throw new StepFailure(StepErrorCode.UNEXPECTED_STATUS, "the answer's body is larger than " + config.getMaxResponseBytes()
                        + " bytes (filejobs.http.max-response-bytes); it is not written");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private void write(ObjectRef destination, Answer answer) {
        byte[] bytes = answer.body() == null ? new byte[0] : answer.body();
        try {
            String etag = s3.putObject(b -> b.bucket(destination.bucket()).key(destination.key()).contentType(answer.contentType()),
                    RequestBody.fromBytes(bytes)).eTag();
            objects.verifyWritten(destination, bytes.length, etag, null);
        } catch (SdkException e) {
            throw S3Failures.classify(e, "writing the answer to " + destination);
        }
    }

    private byte[] bodyBytes(JsonNode body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new StepFailure(StepErrorCode.INTERNAL, "the step's body could not be written as JSON");
        }
    }

    private String token(String name) {
        Secret secret = secrets.require(name);
        if (secret.token() == null) {
            throw new StepFailure(StepErrorCode.SECRET_NOT_FOUND, "secret '" + name + "' holds no bearer token (a string, or an object with"
                    + " token)");
        }
        return secret.token();
    }
}
