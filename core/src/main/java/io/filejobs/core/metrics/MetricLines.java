package io.filejobs.core.metrics;

import jakarta.inject.Singleton;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.sinks.ISink;

/**
 * Where metric documents go: one log line each, through the logger {@value #LOGGER}, which the
 * deployables' logging writes to standard output as the bare JSON document (CloudWatch Logs turns
 * such a line into metrics). Given to the EMF library as its environment, so it neither probes
 * for an agent nor reads settings of its own.
 */
@Singleton
public class MetricLines implements Environment, ISink {

    /** The logger metric documents are written through. */
    public static final String LOGGER = "filejobs.metrics";
    private static final Logger LINES = LoggerFactory.getLogger(LOGGER);
    private static final Logger LOG = LoggerFactory.getLogger(MetricLines.class);

    @Override
    public void accept(MetricsContext context) {
        try {
            for (String document : context.serialize()) {
                write(document);
            }
        } catch (Exception e) {
            // A metric that cannot be written is not a reason to fail the run that ended.
            LOG.warn("metric documents could not be written: {}", e.toString());
        }
    }

    /** Writes one document; tests capture here. */
    protected void write(String document) {
        LINES.info(document);
    }

    @Override
    public CompletableFuture<Void> shutdown() {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public boolean probe() {
        return true;
    }

    @Override
    public String getName() {
        return "FileJobs";
    }

    @Override
    public String getType() {
        return "FileJobs";
    }

    @Override
    public String getLogGroupName() {
        return "";
    }

    @Override
    public void configureContext(MetricsContext context) {
        // Nothing to add: every document names its own dimensions.
    }

    @Override
    public ISink getSink() {
        return this;
    }
}
