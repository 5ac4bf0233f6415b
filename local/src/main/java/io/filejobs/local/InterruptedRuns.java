package io.filejobs.local;

import io.filejobs.core.run.Run;
import io.filejobs.core.run.RunLauncher;
import io.filejobs.core.run.RunRequest;
import io.filejobs.core.store.RunLedger;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start-up, resumes the runs the embedded runtime was in the middle of when it stopped. Every
 * step is idempotent, and a resumed run continues at its first step that has not succeeded, so no
 * run stays QUEUED or RUNNING for ever. (On AWS, Step Functions carries a run through a Lambda's
 * restart by itself.)
 */
@Singleton
public class InterruptedRuns {

    private static final Logger LOG = LoggerFactory.getLogger(InterruptedRuns.class);

    private final RunLedger ledger;
    private final RunLauncher launcher;

    public InterruptedRuns(RunLedger ledger, RunLauncher launcher) {
        this.ledger = ledger;
        this.launcher = launcher;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        resume();
    }

    /** Relaunches every unfinished run; returns them. */
    public List<Run> resume() {
        List<Run> unfinished = ledger.unfinished();
        for (Run run : unfinished) {
            LOG.info("resuming run {} of job {}, which was {} when the runtime stopped", run.runId(), run.jobId(), run.status());
            launcher.launch(RunRequest.resume(run));
        }
        return unfinished;
    }
}
