package io.filejobs.core.step.remote;

import io.filejobs.core.step.ObjectCounts;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * Where an IMPORT stands between two invocations, the same size however many files it handles: the
 * files are taken in path order and every one up to {@code after} is done; the counts and bytes so
 * far; and the file being uploaded when the invocation's time ran out, if any.
 */
@Serdeable
public record ImportProgress(@Nullable String after, long bytes, @Nullable ObjectCounts counts, @Nullable Upload current) {

    static final ImportProgress START = new ImportProgress("", 0, ObjectCounts.NONE, null);

    public ImportProgress {
        // An empty string or empty counts may be left out of the JSON.
        after = after == null ? "" : after;
        counts = counts == null ? ObjectCounts.NONE : counts;
    }

    /**
     * A file part of the way to S3: the remote file as it was listed, the object and the multipart
     * upload it goes into, and how many parts of {@code partSize} bytes are already there.
     */
    @Serdeable
    public record Upload(String path, long size, long modified, String bucket, String key, String uploadId, long partSize, int partsDone) {
    }
}
