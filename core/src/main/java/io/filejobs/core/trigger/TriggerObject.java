package io.filejobs.core.trigger;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * The object whose creation started a run, as the event told it: its bucket and key, size, ETag
 * (without quotes), version id (on a versioned bucket), the event's time, and the event's
 * sequencer, which orders the events of one key and tells two writes of identical content apart.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TriggerObject(String bucket, String key, long size, @Nullable String etag, @Nullable String versionId, String eventTime,
        @Nullable String sequencer) {

    public TriggerObject {
        if (bucket == null || bucket.isEmpty() || key == null || key.isEmpty()) {
            throw new IllegalArgumentException("an object-created event needs the object's bucket and key");
        }
        if (eventTime == null) {
            throw new IllegalArgumentException("an object-created event needs its time");
        }
        etag = etag == null ? null : etag.replace("\"", "");
    }
}
