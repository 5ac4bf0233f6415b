package io.filejobs.core.step;

import io.filejobs.core.s3.ObjectRef;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Looks objects up for the step actions, checks what they wrote, and cleans up after their failed uploads. */
@Singleton
public class S3Objects {

    private static final Logger LOG = LoggerFactory.getLogger(S3Objects.class);

    private final S3Client s3;

    public S3Objects(S3Client s3) {
        this.s3 = s3;
    }

    /** The object as it is now, or empty when there is none. */
    public Optional<StoredObject> head(ObjectRef ref) {
        return head(ref, false);
    }

    /**
     * As {@link #head(ObjectRef)}, with the object's checksums when {@code checksums} is set. Only
     * the steps that compare checksums ask for them: on an SSE-KMS object, reading a checksum needs
     * kms:Decrypt, which a plain existence check (validation, DELETE) should not.
     */
    public Optional<StoredObject> head(ObjectRef ref, boolean checksums) {
        try {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(ref.bucket()).key(ref.key())
                    .checksumMode(checksums ? ChecksumMode.ENABLED : null));
            // A store may answer a key it cannot hold as an object (a directory) without a length or an ETag.
            long size = head.contentLength() == null ? 0 : head.contentLength();
            return Optional.of(new StoredObject(ref, size, head.eTag() == null ? "" : head.eTag(), head));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw S3Failures.classify(e, "reading " + ref);
        } catch (SdkException e) {
            throw S3Failures.classify(e, "reading " + ref);
        }
    }

    /** The object as it is now; SOURCE_NOT_FOUND when there is none. */
    public StoredObject require(ObjectRef ref) {
        return require(ref, false);
    }

    /** As {@link #require(ObjectRef)}, with the object's checksums when {@code checksums} is set. */
    public StoredObject require(ObjectRef ref, boolean checksums) {
        return head(ref, checksums).orElseThrow(() -> new StepFailure(StepErrorCode.SOURCE_NOT_FOUND, "object " + ref + " does not exist"));
    }

    /**
     * Reads back what a step has just written and returns it, or fails the step: the object must
     * be there, hold {@code size} bytes and carry the ETag the write was answered with (another
     * writer has not replaced it since), and when {@code content} (the bytes' origin) and the
     * written object both carry a full-object checksum of one algorithm, the two must agree.
     */
    public StoredObject verifyWritten(ObjectRef destination, long size, String etag, @Nullable StoredObject content) {
        StoredObject written = head(destination, content != null).orElseThrow(() -> new StepFailure(StepErrorCode.INTERNAL,
                "the store does not hold the object just written to " + destination));
        if (written.size() != size) {
            throw new StepFailure(StepErrorCode.INTERNAL, "the store holds " + written.size() + " bytes at " + destination + ", not the "
                    + size + " written");
        }
        if (!sameEtag(written.etag(), etag)) {
            throw new StepFailure(StepErrorCode.PRECONDITION_FAILED, "object " + destination
                    + " was replaced by another writer right after this step wrote it; nothing was removed");
        }
        if (content != null) {
            Optional<String> expected = content.fullObjectChecksum();
            Optional<String> actual = written.fullObjectChecksum();
            if (expected.isPresent() && actual.isPresent() && sameAlgorithm(expected.get(), actual.get())
                    && !expected.get().equals(actual.get())) {
                throw new StepFailure(StepErrorCode.INTERNAL, "the checksum of " + destination + " (" + actual.get()
                        + ") differs from that of " + content.ref() + " (" + expected.get() + ")");
            }
        }
        return written;
    }

    /** Aborts a multipart upload after a failure; if that fails too, the bucket's lifecycle rule is the safety net. */
    public void abortQuietly(ObjectRef destination, String uploadId) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(destination.bucket()).key(destination.key()).uploadId(uploadId));
        } catch (SdkException e) {
            LOG.warn("could not abort multipart upload {} to {}: {}", uploadId, destination, e.toString());
        }
    }

    /** ETags as stores send them, with or without quotes. */
    public static boolean sameEtag(String a, String b) {
        return unquoted(a).equals(unquoted(b));
    }

    private static String unquoted(String etag) {
        return etag == null ? "" : etag.replace("\"", "");
    }

    private static boolean sameAlgorithm(String a, String b) {
        return a.substring(0, a.indexOf(':')).equals(b.substring(0, b.indexOf(':')));
    }

    /** One version of an object: its size, its ETag, and the headers a copy keeps. */
    public record StoredObject(ObjectRef ref, long size, String etag, HeadObjectResponse head) {

        /**
         * The object's checksum over all its bytes, as {@code ALGORITHM:value}, where the store
         * gives one. A multipart object's composite checksum (a checksum of part checksums) is not
         * one, since it depends on how the object was cut into parts.
         */
        public Optional<String> fullObjectChecksum() {
            if (head == null || head.checksumType() == ChecksumType.COMPOSITE) {
                return Optional.empty();
            }
            String[][] candidates = {{"CRC64NVME", head.checksumCRC64NVME()}, {"CRC32C", head.checksumCRC32C()},
                {"CRC32", head.checksumCRC32()}, {"SHA256", head.checksumSHA256()}, {"SHA1", head.checksumSHA1()}};
            for (String[] candidate : candidates) {
                String value = candidate[1];
                if (value != null && !value.isEmpty() && !value.contains("-")) {
                    return Optional.of(candidate[0] + ":" + value);
                }
            }
            return Optional.empty();
        }
    }
}
