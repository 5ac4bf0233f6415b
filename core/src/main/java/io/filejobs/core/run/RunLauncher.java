package io.filejobs.core.run;

import io.filejobs.core.job.OverlapPolicy;

/** Starts the workflow for a recorded run: Step Functions on AWS, the in-process interpreter locally. */
public interface RunLauncher {

    void launch(RunRequest request);

    /**
     * Starts a run of a job that runs its runs one at a time in order (overlap QUEUE). Where the
     * runtime can keep order, the job's runs launched this way claim its active place or join its
     * queue in the order they were launched, however close together; elsewhere (Step Functions starts
     * executions side by side) this is {@link #launch}, and runs launched a moment apart may go in
     * either order.
     */
    default void launchInOrder(RunRequest request) {
        launch(request);
    }

    /** Starts a run of a job with this overlap policy: in order ({@link #launchInOrder}) under QUEUE. */
    default void launch(RunRequest request, OverlapPolicy overlap) {
        if (overlap == OverlapPolicy.QUEUE) {
            launchInOrder(request);
        } else {
            launch(request);
        }
    }
}
