package io.filejobs.storage.local;

import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * Raises an object-created event after every write that creates an object (PutObject,
 * CompleteMultipartUpload, CopyObject) succeeded, with the object's size and ETag as the store then
 * holds them. A write that failed raises nothing; a listener that fails does not fail the write.
 */
final class CreatedEvents extends ForwardingBlobStore {

    private static final Logger LOG = LoggerFactory.getLogger(CreatedEvents.class);

    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong raised = new AtomicLong();
    private final Clock clock;
    private Instant lastEventTime = Instant.EPOCH;
    private volatile ObjectCreatedListener listener;

    CreatedEvents(BlobStore delegate, Clock clock) {
        super(delegate);
        this.clock = clock;
    }

    /** How many events were handed to the listener. */
    long raised() {
        return raised.get();
    }

    void listen(ObjectCreatedListener listener) {
        this.listener = listener;
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream content) {
        PutObjectResponse response = super.putBlob(request, content);
        created(request.bucket(), request.key());
        return response;
    }

    @Override
    public CopyObjectResponse copyBlob(CopyObjectRequest request) {
        CopyObjectResponse response = super.copyBlob(request);
        created(request.destinationBucket(), request.destinationKey());
        return response;
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(MultipartUpload upload, CompleteMultipartUploadRequest request) {
        CompleteMultipartUploadResponse response = super.completeMultipartUpload(upload, request);
        created(upload.containerName(), upload.blobName());
        return response;
    }

    /**
     * The clock's time to the millisecond, but at least a millisecond after the event before: run ids
     * carry event times to the millisecond and a QUEUE job runs its triggered runs in run-id order, so
     * two writes in the same millisecond would otherwise queue in the order of their digests.
     */
    private Instant nextEventTime() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        lastEventTime = now.isAfter(lastEventTime) ? now : lastEventTime.plusMillis(1);
        return lastEventTime;
    }

    private void created(String bucket, String key) {
        ObjectCreatedListener current = listener;
        if (current == null || !current.wants(bucket)) {
            return;
        }
        try {
            HeadObjectResponse head = super.blobMetadataIfPresent(bucket, key);
            if (head == null) {
                // Deleted again at once: no run could read it.
                LOG.info("{}/{} was created and deleted again before its event was raised; none is", bucket, key);
                return;
            }
            Instant eventTime;
            String sequencer;
            synchronized (this) {
                eventTime = nextEventTime();
                sequencer = String.format("%016X", sequence.incrementAndGet());
            }
            current.created(bucket, key, head.contentLength() == null ? 0 : head.contentLength(), head.eTag() == null ? "" : head.eTag(),
                    eventTime, sequencer);
            raised.incrementAndGet();
        } catch (RuntimeException e) {
            LOG.error("the object-created event of {}/{} could not be raised", bucket, key, e);
        }
    }
}
