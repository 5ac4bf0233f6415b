package io.filejobs.core.step;

import io.filejobs.core.s3.ObjectRef;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Looks objects up for the step actions, and cleans up after their failed uploads. */
@Singleton
public class S3Objects {

    private static final Logger LOG = LoggerFactory.getLogger(S3Objects.class);

    private final S3Client s3;

    public S3Objects(S3Client s3) {
        this.s3 = s3;
    }

    /** The object as it is now, or empty when there is none. */
    public Optional<StoredObject> head(ObjectRef ref) {
        try {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(ref.bucket()).key(ref.key()));
            return Optional.of(new StoredObject(ref, head.contentLength(), head.eTag(), head));
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
        return head(ref).orElseThrow(() -> new StepFailure(StepErrorCode.SOURCE_NOT_FOUND, "object " + ref + " does not exist"));
    }

    /** Aborts a multipart upload after a failure; if that fails too, the bucket's lifecycle rule is the safety net. */
    public void abortQuietly(ObjectRef destination, String uploadId) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(destination.bucket()).key(destination.key()).uploadId(uploadId));
        } catch (SdkException e) {
            LOG.warn("could not abort multipart upload {} to {}: {}", uploadId, destination, e.toString());
        }
    }

    /** One version of an object: its size, its ETag, and the headers a copy keeps. */
    public record StoredObject(ObjectRef ref, long size, String etag, HeadObjectResponse head) {
    }
}
