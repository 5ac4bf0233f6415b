package io.filejobs.local;

import io.filejobs.core.store.ObjectTriggerIndex;
import io.filejobs.core.trigger.ObjectCreatedRouter;
import io.filejobs.core.trigger.TriggerObject;
import io.filejobs.storage.local.LocalS3Server;
import io.filejobs.storage.local.ObjectCreatedListener;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Provider;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded runtime's object-created events: the embedded S3 endpoint raises one after every
 * object it creates (a FileJobs step's own writes included), and this hands it, in the order
 * raised, to the same router the AWS deployment feeds from EventBridge. Only buckets some job has a
 * trigger on are looked at. An event the router cannot take is tried again a few times, then logged
 * as an error naming the object.
 */
@Context
@Requires(property = "filejobs.embedded.s3.enabled", value = "true")
public class EmbeddedObjectEvents implements ObjectCreatedListener {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedObjectEvents.class);
    private static final int ATTEMPTS = 5;

    private final ObjectTriggerIndex index;
    private final Provider<ObjectCreatedRouter> router;
    private final ExecutorService events = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "filejobs-object-events");
        thread.setDaemon(true);
        return thread;
    });
    private final java.util.concurrent.atomic.AtomicLong raised = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong routed = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong runsStarted = new java.util.concurrent.atomic.AtomicLong();
    private volatile Set<String> buckets;
    private volatile long bucketsAt = -1;

    public EmbeddedObjectEvents(LocalS3Server server, ObjectTriggerIndex index, Provider<ObjectCreatedRouter> router) {
        this.index = index;
        this.router = router;
        server.onObjectCreated(this);
    }

    @Override
    public boolean wants(String bucket) {
        long changes = index.changes();
        if (bucketsAt != changes) {
            buckets = index.buckets();
            bucketsAt = changes;
        }
        return buckets.contains(bucket);
    }

    @Override
    public void created(String bucket, String key, long size, String etag, Instant eventTime, String sequencer) {
        TriggerObject object = new TriggerObject(bucket, key, size, etag, null, eventTime.toString(), sequencer);
        raised.incrementAndGet();
        events.execute(() -> {
            try {
                route(object);
            } finally {
                routed.incrementAndGet();
            }
        });
    }

    private void route(TriggerObject object) {
        for (int attempt = 1; ; attempt++) {
            try {
                runsStarted.addAndGet(router.get().route(object).size());
                return;
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS) {
                    LOG.error("the creation of {}/{} could not start the runs of its triggers after {} attempts", object.bucket(), object.key(),
                            attempt, e);
                    return;
                }
                LOG.warn("the creation of {}/{} could not be routed yet: {}", object.bucket(), object.key(), e.toString());
                try {
                    Thread.sleep(200L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Whether every event raised so far has been routed (an event is raised before its write is answered). */
    public boolean idle() {
        return routed.get() == raised.get();
    }

    /** How many runs the events routed so far started. */
    public long runsStarted() {
        return runsStarted.get();
    }

    @PreDestroy
    void stop() throws InterruptedException {
        events.shutdown();
        events.awaitTermination(5, TimeUnit.SECONDS);
    }
}
