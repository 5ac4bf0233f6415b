package io.filejobs.core.run;

import io.filejobs.core.s3.ObjectRef;
import io.filejobs.core.step.StepExecutor;
import io.filejobs.core.step.UploadJournal;
import io.filejobs.core.store.RunLedger;
import jakarta.inject.Singleton;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The multipart uploads a run's steps begin, as the run ledger records them: each is recorded
 * before its first part is sent, and one that an attempt left behind (its worker died) is aborted
 * by the next attempt at the step, or when the run fails.
 */
@Singleton
public class LeftUploads {

    private static final Logger LOG = LoggerFactory.getLogger(LeftUploads.class);

    private final RunLedger ledger;
    private final StepExecutor executor;

    public LeftUploads(RunLedger ledger, StepExecutor executor) {
        this.ledger = ledger;
        this.executor = executor;
    }

    /** The journal a step's attempt records its uploads in. */
    public UploadJournal journal(String jobId, String runId, int stepId) {
        return (destination, uploadId) -> ledger.recordUpload(jobId, runId, stepId, destination.toString(), uploadId);
    }

    /** The uploads recorded for the run and not yet cleared, by step id. */
    public Map<Integer, RunLedger.RecordedUpload> of(String jobId, String runId) {
        return ledger.uploads(jobId, runId);
    }

    /** Forgets the upload of a step that completed it, or aborted it itself. */
    public void clear(String jobId, String runId, int stepId) {
        ledger.clearUpload(jobId, runId, stepId);
    }

    /** Aborts the upload an earlier attempt at the step recorded and never finished, and forgets it. */
    public void abort(Run run, int stepId, RunLedger.RecordedUpload left) {
        LOG.warn("step {} of run {} of job {} left upload {} to {}; aborting it", stepId, run.runId(), run.jobId(), left.uploadId(),
                left.destination());
        executor.abortUpload(ObjectRef.parse(left.destination()), left.uploadId());
        ledger.clearUpload(run.jobId(), run.runId(), stepId);
    }
}
