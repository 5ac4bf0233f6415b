package io.filejobs.core.metrics;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * Settings under {@code filejobs.metrics}: whether runs and steps report CloudWatch metrics (as
 * Embedded Metric Format log lines) and the namespace they go to. Terraform sets
 * {@code FILEJOBS_METRICS_NAMESPACE} to the one its alarms and dashboard read.
 */
@ConfigurationProperties("filejobs.metrics")
public class MetricsConfiguration {

    private boolean enabled = true;
    private String namespace = "FileJobs";

    /** Whether a run's end writes its metric documents to the log. */
    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** The CloudWatch namespace of the metrics. */
    public String getNamespace() {
        return namespace;
    }

    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }
}
