package io.filejobs.steplambdas;

import io.filejobs.core.run.ExecutionDocument;
import io.filejobs.core.run.RunCoordinator;
import io.filejobs.core.run.RunRequest;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

/** First task: claims the run, loads the job and builds the execution document. */
public class StartRunFunction extends MicronautRequestHandler<RunRequest, ExecutionDocument> {

    @Inject
    RunCoordinator coordinator;

    public StartRunFunction() {
    }

    public StartRunFunction(ApplicationContext context) {
        super(context);
    }

    @Override
    public ExecutionDocument execute(RunRequest input) {
        return coordinator.start(input);
    }
}
