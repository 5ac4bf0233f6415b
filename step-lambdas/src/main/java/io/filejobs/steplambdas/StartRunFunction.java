package io.filejobs.steplambdas;

import io.filejobs.core.run.ExecutionDocument;
import io.filejobs.core.run.RunRequest;
import io.filejobs.core.run.StartRun;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

/** First task: claims the run, loads the job and builds the execution document. */
public class StartRunFunction extends MicronautRequestHandler<RunRequest, ExecutionDocument> {

    @Inject
    StartRun startRun;

    public StartRunFunction() {
    }

    public StartRunFunction(ApplicationContext context) {
        super(context);
    }

    @Override
    public ExecutionDocument execute(RunRequest input) {
        return startRun.start(input);
    }
}
