package io.filejobs.core.trigger;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * The parts of an SQS event (a batch of the object-events queue, which the EventBridge rule fills)
 * that the router needs: each message's id and body. The field names are the event's own.
 */
@Serdeable
public record ObjectEventQueueBatch(@Nullable List<Message> Records) {

    /** One message: its id, and its body, an EventBridge event as JSON. */
    @Serdeable
    public record Message(@Nullable String messageId, @Nullable String body) {
    }

    /**
     * What the router answers: the messages it could not take, which SQS delivers again (after
     * the queue's receive limit, to its dead-letter queue); the others are deleted.
     */
    @Serdeable
    public record Response(@JsonInclude(JsonInclude.Include.ALWAYS) List<Failure> batchItemFailures) {
    }

    /** A message to deliver again. */
    @Serdeable
    public record Failure(String itemIdentifier) {
    }
}
