package io.filejobs.core.trigger;

import io.filejobs.core.run.RunRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;

/**
 * An object created under one of a job's object-created triggers. Its run is claimed when the
 * execution starts, under an id stamped with the event's time and derived from the object's bucket,
 * key, version (or ETag) and the event's sequencer: a duplicate delivery of the event finds the run
 * it already started, while a second upload of the same key is a new event and a new run.
 */
public record ObjectCreatedTrigger(TriggerObject object) implements RunTrigger {

    public ObjectCreatedTrigger {
        if (object == null) {
            throw new IllegalArgumentException("an object-created run needs its triggerObject");
        }
        try {
            Instant.parse(object.eventTime());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("an object-created run needs triggerObject.eventTime as an ISO-8601 instant, got "
                    + object.eventTime());
        }
    }

    static ObjectCreatedTrigger of(RunRequest request) {
        return new ObjectCreatedTrigger(request.triggerObject());
    }

    @Override
    public Trigger kind() {
        return Trigger.OBJECT_CREATED;
    }

    @Override
    public String runId() {
        return RunIds.objectCreated(logicalTime(), digest());
    }

    @Override
    public Instant logicalTime() {
        return Instant.parse(object.eventTime());
    }

    @Override
    public TriggerObject triggerObject() {
        return object;
    }

    @Override
    public boolean claimsAtStart() {
        return true;
    }

    @Override
    public RunRequest request(String jobId) {
        return new RunRequest(jobId, kind(), null, null, false, object);
    }

    /** What makes the event one event: which object, which version of it, which write. */
    private String digest() {
        String identity = String.join("\n", object.bucket(), object.key(),
                object.versionId() != null ? "v:" + object.versionId() : "e:" + (object.etag() == null ? "" : object.etag()),
                object.sequencer() == null ? "" : object.sequencer());
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
