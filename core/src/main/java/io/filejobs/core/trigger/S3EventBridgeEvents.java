package io.filejobs.core.trigger;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Reads the "Object Created" events S3 sends to EventBridge: {@code detail.bucket.name},
 * {@code detail.object.key} (URL-encoded, as S3 sends it, so {@code +} is a space), {@code size},
 * {@code etag}, {@code version-id} and {@code sequencer}, and the event's {@code time}.
 */
@Singleton
public class S3EventBridgeEvents {

    static final String SOURCE = "aws.s3";
    static final String DETAIL_TYPE = "Object Created";

    private final JsonMapper json;

    public S3EventBridgeEvents(JsonMapper json) {
        this.json = json;
    }

    /** The object an event's JSON tells of; an event of another kind, or one that lacks what a run needs, is refused saying why. */
    public TriggerObject read(String event) {
        JsonNode root;
        try {
            root = json.readValue(event, Argument.of(JsonNode.class));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("the message is not an EventBridge event in JSON");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the message is not an EventBridge event in JSON");
        }
        if (!SOURCE.equals(text(root, "source")) || !DETAIL_TYPE.equals(text(root, "detail-type"))) {
            throw new IllegalArgumentException("the event is not an S3 Object Created event (source " + text(root, "source") + ", detail-type "
                    + text(root, "detail-type") + ")");
        }
        JsonNode detail = root.get("detail");
        JsonNode bucket = detail == null ? null : detail.get("bucket");
        JsonNode object = detail == null ? null : detail.get("object");
        String bucketName = bucket == null ? null : text(bucket, "name");
        String key = object == null ? null : text(object, "key");
        String time = text(root, "time");
        if (bucketName == null || key == null || time == null) {
            throw new IllegalArgumentException("the event lacks its bucket, its object's key or its time");
        }
        try {
            Instant.parse(time);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("the event's time '" + time + "' is not an ISO-8601 instant");
        }
        JsonNode size = object.get("size");
        return new TriggerObject(bucketName, URLDecoder.decode(key, StandardCharsets.UTF_8), size != null && size.isNumber() ? size.getLongValue() : 0,
                text(object, "etag"), text(object, "version-id"), time, text(object, "sequencer"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isString() ? value.getStringValue() : null;
    }
}
