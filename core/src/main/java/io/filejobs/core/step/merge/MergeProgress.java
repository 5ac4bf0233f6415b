package io.filejobs.core.step.merge;

import io.filejobs.core.step.S3Objects;
import io.micronaut.serde.annotation.Serdeable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Where an unfinished MERGE stands between two invocations: its multipart upload, how many of its
 * parts (and bytes) are uploaded, and a fingerprint of the sources it planned from. It is small
 * whatever the merge's size, so it travels in the state machine's document; the parts themselves
 * are read back from S3 (ListParts) when the merge continues.
 *
 * @param uploadId the destination's multipart upload
 * @param sources a SHA-256 over every source's ETag and size, in order: the merge continues only
 *     over the very objects it began with
 * @param partsDone parts uploaded so far, of {@code parts}
 * @param parts the parts of the plan
 * @param bytesDone bytes of the result uploaded so far
 * @param invocations how many invocations have worked on the merge
 */
@Serdeable
public record MergeProgress(String uploadId, String sources, int partsDone, int parts, long bytesDone, int invocations) {

    /** The {@code sources} fingerprint of a merge over these objects, as they are now. */
    static String fingerprint(List<S3Objects.StoredObject> sources) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (S3Objects.StoredObject source : sources) {
                digest.update((source.etag() + "/" + source.size() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
