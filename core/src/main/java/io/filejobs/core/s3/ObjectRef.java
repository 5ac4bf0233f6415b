package io.filejobs.core.s3;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An S3 object named {@code bucket/key}: the bucket is everything before the first {@code /}, the
 * key is the rest, which may hold any UTF-8, including further slashes.
 */
public record ObjectRef(String bucket, String key) {

    public static final int MAX_KEY_BYTES = 1024;

    private static final Pattern BUCKET_CHARS = Pattern.compile("[a-z0-9][a-z0-9.-]*[a-z0-9]");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final String[] RESERVED_PREFIXES = {"xn--", "sthree-", "amzn-s3-demo-"};
    private static final String[] RESERVED_SUFFIXES = {"-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"};

    /** Parses {@code bucket/key}, or explains in one sentence why it is not a valid object name. */
    public static ObjectRef parse(String name) {
        int slash = name.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("must be 'bucket/key'; there is no '/' after the bucket");
        }
        String bucket = name.substring(0, slash);
        String key = name.substring(slash + 1);
        bucketProblem(bucket).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        keyProblem(key).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        return new ObjectRef(bucket, key);
    }

    /** S3's general-purpose bucket naming rules. */
    public static Optional<String> bucketProblem(String bucket) {
        if (bucket.isEmpty()) {
            return Optional.of("the bucket name is empty");
        }
        if (bucket.length() < 3 || bucket.length() > 63) {
            return Optional.of("bucket '" + bucket + "' must be 3 to 63 characters long");
        }
        if (!BUCKET_CHARS.matcher(bucket).matches()) {
            return Optional.of("bucket '" + bucket + "' may hold only lowercase letters, digits, '.' and '-',"
                    + " and must begin and end with a letter or digit");
        }
        if (bucket.contains("..") || bucket.contains(".-") || bucket.contains("-.")) {
            return Optional.of("bucket '" + bucket + "' must not have '..', '.-' or '-.'");
        }
        if (IP_ADDRESS.matcher(bucket).matches()) {
            return Optional.of("bucket '" + bucket + "' must not be formatted as an IP address");
        }
        for (String prefix : RESERVED_PREFIXES) {
            if (bucket.startsWith(prefix)) {
                return Optional.of("bucket '" + bucket + "' must not begin with the reserved prefix '" + prefix + "'");
            }
        }
        for (String suffix : RESERVED_SUFFIXES) {
            if (bucket.endsWith(suffix)) {
                return Optional.of("bucket '" + bucket + "' must not end with the reserved suffix '" + suffix + "'");
            }
        }
        return Optional.empty();
    }

    /** S3's key rules: not empty, at most 1024 bytes of well-formed UTF-8. */
    public static Optional<String> keyProblem(String key) {
        if (key.isEmpty()) {
            return Optional.of("the key after 'bucket/' is empty");
        }
        ByteBuffer encoded;
        try {
            encoded = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(key));
        } catch (CharacterCodingException e) {
            return Optional.of("the key is not well-formed UTF-8 (it holds an unpaired surrogate)");
        }
        if (encoded.remaining() > MAX_KEY_BYTES) {
            return Optional.of("the key is " + encoded.remaining() + " bytes of UTF-8; S3 allows at most " + MAX_KEY_BYTES);
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return bucket + "/" + key;
    }
}
