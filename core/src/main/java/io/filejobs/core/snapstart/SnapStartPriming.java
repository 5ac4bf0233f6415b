package io.filejobs.core.snapstart;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.crac.OrderedResource;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import org.crac.Context;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CRaC resource that primes a Lambda before SnapStart snapshots it: micronaut-crac registers
 * it at start-up, and the runtime calls {@link #beforeCheckpoint} when a version is published.
 * It runs every {@link Primer} in the context; one that fails is logged and the snapshot goes on,
 * since an unprimed function is only slower on its first request, while a failed checkpoint
 * fails the deployment.
 */
@Singleton
public class SnapStartPriming implements OrderedResource {

    private static final Logger LOG = LoggerFactory.getLogger(SnapStartPriming.class);

    private final List<Primer> primers;
    private volatile PrimingReport last;

    public SnapStartPriming(List<Primer> primers) {
        this.primers = List.copyOf(primers);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to undo: the SDK clients open new connections as they need them.
    }

    /** Runs every primer once and returns what happened. */
    public PrimingReport prime() {
        List<PrimingReport.Entry> entries = new ArrayList<>();
        for (Primer primer : primers) {
            long start = System.nanoTime();
            String failure = null;
            try {
                primer.prime();
            } catch (Exception | LinkageError e) {
                failure = e.getClass().getName() + ": " + e.getMessage();
                LOG.warn("SnapStart priming of {} failed; the snapshot is taken without it", primer.name(), e);
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            entries.add(new PrimingReport.Entry(primer.name(), failure == null, millis, failure));
        }
        PrimingReport report = new PrimingReport(entries);
        LOG.info("SnapStart priming: {}", report.entries());
        last = report;
        return report;
    }

    /** The last priming's report; null when none ran. */
    @Nullable
    public PrimingReport lastReport() {
        return last;
    }
}
