package io.filejobs.steplambdas;

import io.filejobs.core.trigger.ObjectEventBatches;
import io.filejobs.core.trigger.ObjectEventQueueBatch;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

/**
 * Starts the runs of object-created triggers on AWS. S3 sends the buckets' events to EventBridge,
 * FileJobs' rule puts those of the trigger buckets on a queue, and this reads the queue in batches
 * (an SQS event source mapping that reports partial batch failures), handing each batch to
 * {@link ObjectEventBatches}.
 */
public class RouteObjectEventsFunction extends MicronautRequestHandler<ObjectEventQueueBatch, ObjectEventQueueBatch.Response> {

    @Inject
    ObjectEventBatches batches;

    public RouteObjectEventsFunction() {
    }

    public RouteObjectEventsFunction(ApplicationContext context) {
        super(context);
    }

    @Override
    public ObjectEventQueueBatch.Response execute(ObjectEventQueueBatch input) {
        return batches.take(input);
    }
}
