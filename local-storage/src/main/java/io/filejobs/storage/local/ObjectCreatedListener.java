package io.filejobs.storage.local;

import java.time.Instant;

/**
 * Told of every object the embedded S3 endpoint creates, as S3 tells EventBridge: after each
 * PutObject, CompleteMultipartUpload and CopyObject that succeeded, whoever sent it. It is called on
 * the thread that answers the request, so it should hand the event on rather than act on it there.
 */
public interface ObjectCreatedListener {

    /** Whether events of {@code bucket} are wanted; when not, the endpoint does not look up the object's size for one. */
    boolean wants(String bucket);

    /**
     * An object was created.
     *
     * @param etag the object's ETag, without quotes
     * @param sequencer orders the events of this endpoint; two writes of the same content have different ones
     */
    void created(String bucket, String key, long size, String etag, Instant eventTime, String sequencer);
}
