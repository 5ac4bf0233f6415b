package io.filejobs.core.run;

import io.filejobs.core.store.RunClaims;
import io.filejobs.core.store.RunLedger;
import io.micronaut.context.BeanProvider;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runs that wait for their job's active-run place under overlap QUEUE ({@link RunClaims}
 * keeps the place and the queue). A run that finishes hands the place on ({@link #startNext}); a
 * run handed the place whose start was lost on the way (its starter died between taking it out of
 * the queue and starting it) is started again by the next run of the job that finds it there
 * ({@link #rescue}), so a queue never stops for good.
 */
@Singleton
public class QueuedRuns {

    private static final Logger LOG = LoggerFactory.getLogger(QueuedRuns.class);
    /** How long a run handed the place may take to start before its start counts as lost. */
    static final Duration START_GRACE = Duration.ofMinutes(10);

    private final RunClaims claims;
    private final RunLedger ledger;
    private final BeanProvider<RunLauncher> launcher;
    private final Clock clock;

    public QueuedRuns(RunClaims claims, RunLedger ledger, BeanProvider<RunLauncher> launcher, Clock clock) {
        this.claims = claims;
        this.ledger = ledger;
        this.launcher = launcher;
        this.clock = clock;
    }

    /**
     * Starts the run that has waited longest for the job's active-run place: claims the place for
     * it, takes it out of the queue and starts it again. Taking it out decides, between this and the
     * run's own first execution, which one starts it. When another run holds the place, the queue
     * waits for that one to finish (or rescues it); when the start fails, the place is given up and
     * the run put back, for the next run that finishes.
     */
    public void startNext(String jobId) {
        Optional<String> next = claims.oldestQueued(jobId);
        if (next.isEmpty() || !launcher.isPresent()) {
            return;
        }
        if (claims.claimActive(jobId, next.get()).isPresent()) {
            rescue(jobId);
            return;
        }
        if (!claims.dequeue(jobId, next.get())) {
            return;
        }
        try {
            Run waiting = ledger.get(jobId, next.get()).orElseThrow(() -> new IllegalStateException("queued run " + next.get() + " is gone"));
            launcher.get().launch(RunRequest.resume(waiting));
            LOG.info("run {} of job {} starts: the runs before it have finished", next.get(), jobId);
        } catch (RuntimeException e) {
            LOG.error("queued run {} of job {} could not be started; it waits for the next run that finishes", next.get(), jobId, e);
            claims.enqueue(jobId, next.get());
            claims.releaseActive(jobId, next.get());
        }
    }

    /**
     * Starts again a run that holds the job's active-run place while still QUEUED, out of the queue,
     * for longer than {@link #START_GRACE}: the start it was handed the place for never came. A start
     * that did come and is merely late is the same execution (on AWS the name is the run's, and Step
     * Functions refuses a second one), so this never runs a run twice.
     */
    public void rescue(String jobId) {
        Optional<RunClaims.Holder> holder = claims.holder(jobId);
        if (holder.isEmpty() || !launcher.isPresent() || holder.get().claimedAt().plus(START_GRACE).isAfter(clock.instant())) {
            return;
        }
        Optional<Run> held = ledger.get(jobId, holder.get().runId());
        if (held.isEmpty() || held.get().status() != RunStatus.QUEUED || claims.isQueued(jobId, holder.get().runId())) {
            return;
        }
        LOG.warn("run {} of job {} was handed the active-run place at {} and never started; starting it again", holder.get().runId(), jobId,
                holder.get().claimedAt());
        launcher.get().launch(RunRequest.resume(held.get()));
    }
}
