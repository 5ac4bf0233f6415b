package io.filejobs.core.run;

/** Starts the workflow for a recorded run: Step Functions on AWS, the in-process interpreter locally. */
public interface RunLauncher {

    void launch(RunRequest request);
}
