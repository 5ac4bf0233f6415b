package io.filejobs.core.step;

import io.filejobs.core.s3.ObjectRef;

/**
 * Told of every multipart upload a step begins, before its first part is sent, so that an upload
 * whose worker dies without cleaning up (a killed process) is found and aborted later. The run
 * coordinator keeps them in the run ledger.
 */
@FunctionalInterface
public interface UploadJournal {

    void started(ObjectRef destination, String uploadId);

    /** Keeps nothing: for callers that see every failure themselves (tests, benchmarks). */
    UploadJournal NONE = (destination, uploadId) -> {
    };
}
