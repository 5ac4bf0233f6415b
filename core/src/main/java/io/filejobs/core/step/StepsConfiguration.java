package io.filejobs.core.step;

import io.micronaut.context.annotation.ConfigurationProperties;

/** Settings under {@code filejobs.steps.*}: when a copy goes multipart, and in what part size. */
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

    /** The part size to copy an object of {@code size} bytes in, within S3's part count. */
    public long partSizeFor(long size) {
        long needed = (size + MAX_PARTS - 1) / MAX_PARTS;
        return Math.max(copyPartSize, needed);
    }
}
