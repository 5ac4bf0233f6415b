package io.filejobs.steplambdas;

import io.filejobs.core.trigger.ObjectCreatedRouter;
import io.filejobs.core.trigger.ObjectEventQueueBatch;
import io.filejobs.core.trigger.S3EventBridgeEvents;
import io.filejobs.core.trigger.TriggerObject;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the runs of object-created triggers on AWS. S3 sends the buckets' events to EventBridge,
 * FileJobs' rule puts those of the trigger buckets on a queue, and this reads the queue in batches
 * (an SQS event source mapping that reports partial batch failures): each event goes to the
 * router, and a message it could not take is reported, to be delivered again and, after the
 * queue's receive limit, kept in the dead-letter queue. Nothing is dropped without a trace.
 */
public class RouteObjectEventsFunction extends MicronautRequestHandler<ObjectEventQueueBatch, ObjectEventQueueBatch.Response> {

    private static final Logger LOG = LoggerFactory.getLogger(RouteObjectEventsFunction.class);

    @Inject
    ObjectCreatedRouter router;

    @Inject
    S3EventBridgeEvents events;

    public RouteObjectEventsFunction() {
    }

    public RouteObjectEventsFunction(ApplicationContext context) {
        super(context);
    }

    @Override
    public ObjectEventQueueBatch.Response execute(ObjectEventQueueBatch input) {
        List<ObjectEventQueueBatch.Failure> failures = new ArrayList<>();
        if (input == null || input.Records() == null) {
            return new ObjectEventQueueBatch.Response(failures);
        }
        for (ObjectEventQueueBatch.Message message : input.Records()) {
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
