package io.filejobs.core.step;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/**
 * Settings under {@code filejobs.steps.*}: when a copy goes multipart and in what part size, and
 * how a MERGE spends threads, memory and time.
 */
@ConfigurationProperties("filejobs.steps")
public class StepsConfiguration {

    /** S3's largest single CopyObject. */
    public static final long MAX_SINGLE_COPY = 5L * 1024 * 1024 * 1024;
    /** S3's smallest part, except the last. */
    public static final long MIN_PART = 5L * 1024 * 1024;
    /** S3's most parts in one upload. */
    public static final int MAX_PARTS = 10_000;

    private long multipartCopyThreshold = MAX_SINGLE_COPY;
    private long copyPartSize = 512L * 1024 * 1024;
    private int mergeConcurrency = 4;
    private long mergeBufferBytes = 64L * 1024 * 1024;
    private Duration mergeTimeBudget = Duration.ofMinutes(10);
    private int setConcurrency = 32;
    private int setThreads = 64;
    private int setPageSize = 1000;
    private Duration setTimeBudget = Duration.ofMinutes(10);
    private int maxAttempts = 6;
    private int setShards = 10;
    private int setShardSize = 2_000;

    /**
     * Into how many shards a set step with more than {@link #getSetShardSize} objects is split; the
     * state machine runs them side by side (its Map's MaxConcurrency is the same number). 1 turns
     * sharding off.
     */
    public int getSetShards() {
        return setShards;
    }

    public void setSetShards(int setShards) {
        if (setShards < 1 || setShards > 40) {
            throw new IllegalArgumentException("filejobs.steps.set-shards must be 1 to 40");
        }
        this.setShards = setShards;
    }

    /** How many objects a set may hold before its step is split into shards. */
    public int getSetShardSize() {
        return setShardSize;
    }

    public void setSetShardSize(int setShardSize) {
        if (setShardSize < 1) {
            throw new IllegalArgumentException("filejobs.steps.set-shard-size must be at least 1");
        }
        this.setShardSize = setShardSize;
    }

    /**
     * How many attempts a step gets for failures that may pass (TRANSIENT, THROTTLED): the first
     * and the state machine's five retries. A step that goes on across invocations is counted here,
     * not by the state machine, whose retry count starts again whenever an invocation succeeds.
     */
    public int getMaxAttempts() {
        return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw new IllegalArgumentException("filejobs.steps.max-attempts must be 1 to 100");
        }
        this.maxAttempts = maxAttempts;
    }

    /**
     * How many objects of a step over an object set are handled at once, in each shard. An object
     * costs a copy and a read-back, each a round trip that is mostly waiting, so the default keeps
     * 32 in flight: through 50 ms a request, 10,000 objects went about a quarter faster than at 8.
     */
    public int getSetConcurrency() {
        return setConcurrency;
    }

    public void setSetConcurrency(int setConcurrency) {
        if (setConcurrency < 1 || setConcurrency > 64) {
            throw new IllegalArgumentException("filejobs.steps.set-concurrency must be 1 to 64");
        }
        this.setConcurrency = setConcurrency;
    }

    /**
     * How many threads the set steps of one JVM share: in the embedded runtime the shards of a set
     * run side by side in one JVM, each with up to {@link #getSetConcurrency} objects in flight, and
     * their objects wait for a thread of these beyond it. Each thread holds a stack and native
     * buffers, so the cap keeps the runtime's memory the same however many shards run at once. A
     * step Lambda runs one shard at a time, where the cap is above set-concurrency and changes
     * nothing.
     */
    public int getSetThreads() {
        return setThreads;
    }

    public void setSetThreads(int setThreads) {
        if (setThreads < 1 || setThreads > 1024) {
            throw new IllegalArgumentException("filejobs.steps.set-threads must be 1 to 1024");
        }
        this.setThreads = setThreads;
    }

    /** How many keys one listing request of an object set asks for (S3 answers at most 1,000). */
    public int getSetPageSize() {
        return setPageSize;
    }

    public void setSetPageSize(int setPageSize) {
        if (setPageSize < 1 || setPageSize > 1000) {
            throw new IllegalArgumentException("filejobs.steps.set-page-size must be 1 to 1000");
        }
        this.setPageSize = setPageSize;
    }

    /** How long one invocation works through an object set before it returns to be invoked again; below Lambda's 15 minutes. */
    public Duration getSetTimeBudget() {
        return setTimeBudget;
    }

    public void setSetTimeBudget(Duration setTimeBudget) {
        this.setTimeBudget = setTimeBudget;
    }

    /** Objects larger than this are copied with UploadPartCopy; at most 5 GiB, lower in tests. */
    public long getMultipartCopyThreshold() {
        return multipartCopyThreshold;
    }

    public void setMultipartCopyThreshold(long multipartCopyThreshold) {
        if (multipartCopyThreshold < 0 || multipartCopyThreshold > MAX_SINGLE_COPY) {
            throw new IllegalArgumentException("filejobs.steps.multipart-copy-threshold must be 0 to 5 GiB");
        }
        this.multipartCopyThreshold = multipartCopyThreshold;
    }

    /** The part size of a multipart copy; raised when needed to stay within 10,000 parts. */
    public long getCopyPartSize() {
        return copyPartSize;
    }

    public void setCopyPartSize(long copyPartSize) {
        if (copyPartSize < MIN_PART || copyPartSize > MAX_SINGLE_COPY) {
            throw new IllegalArgumentException("filejobs.steps.copy-part-size must be 5 MiB to 5 GiB");
        }
        this.copyPartSize = copyPartSize;
    }

    /** How many parts of one MERGE are copied or uploaded at once. */
    public int getMergeConcurrency() {
        return mergeConcurrency;
    }

    public void setMergeConcurrency(int mergeConcurrency) {
        if (mergeConcurrency < 1 || mergeConcurrency > 64) {
            throw new IllegalArgumentException("filejobs.steps.merge-concurrency must be 1 to 64");
        }
        this.mergeConcurrency = mergeConcurrency;
    }

    /**
     * The most bytes one MERGE holds in memory: gathered parts that fit are fetched and sent from
     * memory within this ceiling; a part larger than it is streamed.
     */
    public long getMergeBufferBytes() {
        return mergeBufferBytes;
    }

    public void setMergeBufferBytes(long mergeBufferBytes) {
        if (mergeBufferBytes < 0 || mergeBufferBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("filejobs.steps.merge-buffer-bytes must be 0 to 2 GiB - 1");
        }
        this.mergeBufferBytes = mergeBufferBytes;
    }

    /**
     * How long one invocation works on a MERGE before it stops at a part boundary and hands its
     * progress back to the state machine; below Lambda's 15-minute limit, with room for the parts
     * in flight to finish.
     */
    public Duration getMergeTimeBudget() {
        return mergeTimeBudget;
    }

    public void setMergeTimeBudget(Duration mergeTimeBudget) {
        if (mergeTimeBudget.isNegative() || mergeTimeBudget.compareTo(Duration.ofMinutes(14)) > 0) {
            throw new IllegalArgumentException("filejobs.steps.merge-time-budget must be 0 to 14 minutes");
        }
        this.mergeTimeBudget = mergeTimeBudget;
    }

    /** The part size to copy an object of {@code size} bytes in, within S3's part count. */
    public long partSizeFor(long size) {
        long needed = (size + MAX_PARTS - 1) / MAX_PARTS;
        return Math.max(copyPartSize, needed);
    }
}
