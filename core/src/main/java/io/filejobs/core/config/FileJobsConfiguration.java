package io.filejobs.core.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings under {@code filejobs.*}; each can come from an environment variable, for example
 * {@code FILEJOBS_ALLOWED_BUCKETS=bucket1,bucket2}.
 */
@ConfigurationProperties("filejobs")
public class FileJobsConfiguration {

    private List<String> allowedBuckets = new ArrayList<>();
    private String definitionsBucket = "filejobs-definitions";
    private String jobsTable = "filejobs-jobs";
    private String runsTable = "filejobs-runs";
    private String triggersTable = "filejobs-triggers";
    private int runRetentionDays = 90;
    private Limits limits = new Limits();

    /** Buckets steps may touch; empty means every bucket except the definitions bucket. */
    public List<String> getAllowedBuckets() {
        return allowedBuckets;
    }

    public void setAllowedBuckets(List<String> allowedBuckets) {
        this.allowedBuckets = allowedBuckets.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** The bucket that holds every version of every job definition. */
    public String getDefinitionsBucket() {
        return definitionsBucket;
    }

    public void setDefinitionsBucket(String definitionsBucket) {
        this.definitionsBucket = definitionsBucket;
    }

    /** The DynamoDB table that holds job metadata. */
    public String getJobsTable() {
        return jobsTable;
    }

    public void setJobsTable(String jobsTable) {
        this.jobsTable = jobsTable;
    }

    /** The DynamoDB table that holds run records. */
    public String getRunsTable() {
        return runsTable;
    }

    public void setRunsTable(String runsTable) {
        this.runsTable = runsTable;
    }

    /** The DynamoDB table that indexes jobs' object-created triggers by bucket. */
    public String getTriggersTable() {
        return triggersTable;
    }

    public void setTriggersTable(String triggersTable) {
        this.triggersTable = triggersTable;
    }

    /** How long run records are kept (the table's TTL removes them after). */
    public int getRunRetentionDays() {
        return runRetentionDays;
    }

    public void setRunRetentionDays(int runRetentionDays) {
        this.runRetentionDays = runRetentionDays;
    }

    public Limits getLimits() {
        return limits;
    }

    public void setLimits(Limits limits) {
        this.limits = limits;
    }

    /** Size limits on a job definition. */
    @ConfigurationProperties("limits")
    public static class Limits {
        private int maxBodyBytes = 1024 * 1024;
        private int maxSteps = 100;
        private int maxSources = 10_000;
        /** Lambda answers at most 6 MB, escaped inside API Gateway's JSON envelope: a page of jobs stays well below. */
        private int maxPageBytes = 3 * 1024 * 1024;

        public int getMaxPageBytes() {
            return maxPageBytes;
        }

        public void setMaxPageBytes(int maxPageBytes) {
            this.maxPageBytes = maxPageBytes;
        }

        public int getMaxBodyBytes() {
            return maxBodyBytes;
        }

        public void setMaxBodyBytes(int maxBodyBytes) {
            this.maxBodyBytes = maxBodyBytes;
        }

        public int getMaxSteps() {
            return maxSteps;
        }

        public void setMaxSteps(int maxSteps) {
            this.maxSteps = maxSteps;
        }

        public int getMaxSources() {
            return maxSources;
        }

        public void setMaxSources(int maxSources) {
            this.maxSources = maxSources;
        }
    }
}
