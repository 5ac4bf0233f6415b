package io.filejobs.local;

import io.filejobs.core.job.JobDefinition;
import io.filejobs.core.job.JobRecord;
import io.filejobs.core.job.JobState;
import io.filejobs.core.run.RunLauncher;
import io.filejobs.core.run.RunRequest;
import io.filejobs.core.schedule.ScheduleExpression;
import io.filejobs.core.store.DefinitionStore;
import io.filejobs.core.store.JobTable;
import io.filejobs.core.trigger.ScheduleTrigger;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires ENABLED jobs at their scheduled times on the embedded runtime, by the same expression
 * engine as {@code nextRuns} and through the same run start as EventBridge Scheduler's target:
 * the run's id derives from the scheduled time, so a time is never run twice, even across a
 * restart. Times that passed while the runtime was down are not made up; it fires from its start on.
 */
@Singleton
@Requires(property = "filejobs.local.scheduler.enabled", value = "true", defaultValue = "true")
public class EmbeddedScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedScheduler.class);
    private static final int PAGE = 100;

    private final JobTable jobs;
    private final DefinitionStore definitions;
    private final RunLauncher launcher;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "filejobs-scheduler");
        t.setDaemon(true);
        return t;
    });
    private Instant lastTick;

    public EmbeddedScheduler(JobTable jobs, DefinitionStore definitions, RunLauncher launcher, Clock clock) {
        this.jobs = jobs;
        this.definitions = definitions;
        this.launcher = launcher;
        this.clock = clock;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        lastTick = clock.instant();
        timer.scheduleWithFixedDelay(() -> {
            try {
                tick(clock.instant());
            } catch (RuntimeException e) {
                LOG.error("scheduler tick failed; the next one tries again", e);
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    /** Starts a run for every fire time of every ENABLED job in (last tick, now]; returns what it started. */
    public synchronized List<RunRequest> tick(Instant now) {
        Instant since = lastTick == null ? now : lastTick;
        List<RunRequest> started = new ArrayList<>();
        if (!now.isAfter(since)) {
            return started;
        }
        String after = null;
        do {
            JobTable.ScanPage page = jobs.scan(PAGE, after);
            for (JobRecord job : page.jobs()) {
                if (job.state() == JobState.ENABLED) {
                    started.addAll(fire(job, since, now));
                }
            }
            after = page.lastJobId();
        } while (after != null);
        lastTick = now;
        return started;
    }

    private List<RunRequest> fire(JobRecord job, Instant since, Instant now) {
        JobDefinition definition = definitions.get(job.definitionKey());
        if (definition.schedule() == null) {
            return List.of();
        }
        ScheduleExpression schedule = ScheduleExpression.parse(definition.schedule());
        ZoneId zone = ZoneId.of(definition.timezone());
        List<RunRequest> started = new ArrayList<>();
        Instant cursor = since;
        Optional<ZonedDateTime> next;
        while ((next = schedule.next(zone, job.createdAt(), cursor)).isPresent() && !next.get().toInstant().isAfter(now)) {
            Instant time = next.get().toInstant();
            RunRequest request = new ScheduleTrigger(time).request(job.id());
            LOG.info("schedule of job {} fires for {}", job.id(), next.get());
            launcher.launch(request);
            started.add(request);
            cursor = time;
        }
        return started;
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
