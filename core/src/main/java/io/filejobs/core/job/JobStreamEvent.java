package io.filejobs.core.job;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The parts of a DynamoDB Streams event of the jobs table that the handlers need: for each change,
 * the job's key, and for an inserted or modified job, its new image. The field names are the
 * event's own.
 */
@Serdeable
public record JobStreamEvent(@Nullable List<Record> Records) {

    /** One change to one item. */
    @Serdeable
    public record Record(@Nullable String eventName, @Nullable Change dynamodb) {
    }

    /** The changed item's key, and the item as it is after the change, attribute by attribute. */
    @Serdeable
    public record Change(@Nullable Map<String, Value> Keys, @Nullable Map<String, Value> NewImage) {
    }

    /** A DynamoDB attribute value: a string ({@code S}) or a number ({@code N}). */
    @Serdeable
    public record Value(@Nullable String S, @Nullable String N) {
    }

    /** Whether the event carries no changes at all (as a timer's event does). */
    public boolean isEmpty() {
        return Records == null || Records.isEmpty();
    }

    /** The ids of the jobs inserted, modified or removed, in order, each once. */
    public List<String> changedJobIds() {
        if (Records == null) {
            return List.of();
        }
        return Records.stream()
                .filter(r -> r.dynamodb() != null && r.dynamodb().Keys() != null && r.dynamodb().Keys().containsKey("jobId"))
                .map(r -> r.dynamodb().Keys().get("jobId").S())
                .filter(Objects::nonNull)
                .distinct()
                .toList();
    }

    /** The job versions that wait for their check: inserted or modified, and PENDING. */
    public List<ValidationRequest> pendingVersions() {
        if (Records == null) {
            return List.of();
        }
        return Records.stream()
                .filter(r -> "INSERT".equals(r.eventName()) || "MODIFY".equals(r.eventName()))
                .filter(r -> r.dynamodb() != null && r.dynamodb().NewImage() != null)
                .map(r -> r.dynamodb().NewImage())
                .filter(image -> image.containsKey("jobId") && image.containsKey("version") && image.containsKey("validationStatus"))
                .filter(image -> ValidationStatus.PENDING.name().equals(image.get("validationStatus").S()))
                .map(image -> new ValidationRequest(image.get("jobId").S(), Long.parseLong(image.get("version").N())))
                .toList();
    }
}
