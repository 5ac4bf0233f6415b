package io.filejobs.local;

import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * The embedded runtime's settings, read from the {@code FILEJOBS_*} environment variables, and the
 * application properties they become.
 *
 * @param port the API port ({@code FILEJOBS_PORT}, 8080)
 * @param s3Port the embedded S3 endpoint's port ({@code FILEJOBS_S3_PORT}, 9090)
 * @param dataDir where buckets, objects and tables live ({@code FILEJOBS_DATA_DIR}, ./.filejobs)
 * @param apiKey the key clients send as {@code x-api-key} ({@code FILEJOBS_API_KEY}, generated when unset)
 * @param apiKeyGenerated whether the key was generated for this start
 * @param s3Endpoint another S3-compatible store to use instead of the embedded one ({@code FILEJOBS_S3_ENDPOINT})
 * @param allowedBuckets the buckets steps may touch ({@code FILEJOBS_ALLOWED_BUCKETS}, comma-separated; unset: all)
 * @param region the AWS region name the SDK clients sign for ({@code AWS_REGION}, us-east-1)
 * @param httpAllowedHosts the hosts HTTP steps may call ({@code FILEJOBS_HTTP_ALLOWED_HOSTS}, comma-separated; unset: none)
 * @param remoteAllowedHosts the FTPS and SFTP servers IMPORT and EXPORT steps may reach ({@code FILEJOBS_REMOTE_ALLOWED_HOSTS},
 *     comma-separated; unset: none)
 * @param secretsFile the secrets steps may name ({@code FILEJOBS_SECRETS_FILE}, a JSON file only its owner may read; unset: none)
 */
public record LocalSettings(
        int port,
        int s3Port,
        Path dataDir,
        String apiKey,
        boolean apiKeyGenerated,
        URI s3Endpoint,
        String allowedBuckets,
        String region,
        String httpAllowedHosts,
        String remoteAllowedHosts,
        Path secretsFile) {

    public static final String HOST = "127.0.0.1";

    public static LocalSettings from(Map<String, String> env) {
        String key = blankToNull(env.get("FILEJOBS_API_KEY"));
        boolean generated = key == null;
        if (generated) {
            byte[] bytes = new byte[24];
            new SecureRandom().nextBytes(bytes);
            key = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        }
        String endpoint = blankToNull(env.get("FILEJOBS_S3_ENDPOINT"));
        URI s3Endpoint = null;
        if (endpoint != null) {
            s3Endpoint = URI.create(endpoint);
            if (s3Endpoint.getScheme() == null || s3Endpoint.getHost() == null) {
                throw new IllegalArgumentException("FILEJOBS_S3_ENDPOINT must be a URL such as http://127.0.0.1:9000, got '" + endpoint + "'");
            }
        }
        String region = blankToNull(env.get("AWS_REGION"));
        return new LocalSettings(
                port(env, "FILEJOBS_PORT", 8080),
                port(env, "FILEJOBS_S3_PORT", 9090),
                Path.of(env.getOrDefault("FILEJOBS_DATA_DIR", "./.filejobs")).toAbsolutePath().normalize(),
                key,
                generated,
                s3Endpoint,
                blankToNull(env.get("FILEJOBS_ALLOWED_BUCKETS")),
                region == null ? "us-east-1" : region,
                blankToNull(env.get("FILEJOBS_HTTP_ALLOWED_HOSTS")),
                blankToNull(env.get("FILEJOBS_REMOTE_ALLOWED_HOSTS")),
                blankToNull(env.get("FILEJOBS_SECRETS_FILE")) == null ? null
                        : Path.of(env.get("FILEJOBS_SECRETS_FILE").trim()).toAbsolutePath().normalize());
    }

    /** The application properties for these settings. */
    public Map<String, Object> properties() {
        Map<String, Object> p = new HashMap<>();
        p.put("micronaut.server.host", HOST);
        p.put("micronaut.server.port", port);
        // A connection on which nothing is read or written (a client that stopped sending in the middle
        // of its request, or an idle keep-alive) is closed after seconds, not after the default 5 minutes.
        p.put("micronaut.server.idle-timeout", "15s");
        p.put("filejobs.api.key", apiKey);
        p.put("filejobs.local.data-dir", dataDir.toString());
        if (allowedBuckets != null) {
            p.put("filejobs.allowed-buckets", allowedBuckets);
        }
        if (httpAllowedHosts != null) {
            p.put("filejobs.http.allowed-hosts", httpAllowedHosts);
        }
        if (remoteAllowedHosts != null) {
            p.put("filejobs.remote.allowed-hosts", remoteAllowedHosts);
        }
        if (secretsFile != null) {
            p.put("filejobs.secrets.file", secretsFile.toString());
        }
        p.put("filejobs.storage.create-if-missing", true);
        p.put("filejobs.embedded.dynamodb.enabled", true);
        p.put("filejobs.embedded.dynamodb.dir", dataDir.resolve("dynamodb").toString());
        p.put("aws.region", region);
        if (s3Endpoint == null) {
            p.put("filejobs.embedded.s3.enabled", true);
            p.put("filejobs.embedded.s3.host", HOST);
            p.put("filejobs.embedded.s3.port", s3Port);
            p.put("filejobs.embedded.s3.dir", dataDir.resolve("s3").toString());
        } else {
            p.put("aws.services.s3.endpoint-override", s3Endpoint.toString());
            p.put("aws.s3.path-style-access-enabled", true);
        }
        return p;
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        String value = blankToNull(env.get(name));
        if (value == null) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new IllegalArgumentException(name + " must be a port number from 0 to 65535, got '" + value + "'");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
