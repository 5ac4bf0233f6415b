package io.filejobs.core.trigger;

import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a batch of the object-events queue: each message's S3 event goes to the router, and the
 * messages it could not take are answered back, so that SQS delivers them again and, after the
 * queue's receive limit, keeps them in the dead-letter queue. Nothing is dropped without a trace.
 */
@Singleton
public class ObjectEventBatches {

    private static final Logger LOG = LoggerFactory.getLogger(ObjectEventBatches.class);

    private final ObjectCreatedRouter router;
    private final S3EventBridgeEvents events;

    public ObjectEventBatches(ObjectCreatedRouter router, S3EventBridgeEvents events) {
        this.router = router;
        this.events = events;
    }

    public ObjectEventQueueBatch.Response take(ObjectEventQueueBatch batch) {
        List<ObjectEventQueueBatch.Failure> failures = new ArrayList<>();
        if (batch == null || batch.Records() == null) {
            return new ObjectEventQueueBatch.Response(failures);
        }
        for (ObjectEventQueueBatch.Message message : batch.Records()) {
            try {
                TriggerObject object = events.read(message.body() == null ? "" : message.body());
                List<String> jobs = router.route(object);
                LOG.info("message {}: {}/{} started runs of {} job(s)", message.messageId(), object.bucket(), object.key(), jobs.size());
            } catch (IllegalArgumentException unreadable) {
                // Delivered again it would be refused again: it waits in the dead-letter queue for an operator.
                LOG.error("message {} is not an object-created event FileJobs can read: {}", message.messageId(), unreadable.getMessage());
                failures.add(new ObjectEventQueueBatch.Failure(message.messageId()));
            } catch (RuntimeException e) {
                LOG.warn("message {} could not be routed now; it is delivered again: {}", message.messageId(), e.toString());
                failures.add(new ObjectEventQueueBatch.Failure(message.messageId()));
            }
        }
        return new ObjectEventQueueBatch.Response(failures);
    }
}
