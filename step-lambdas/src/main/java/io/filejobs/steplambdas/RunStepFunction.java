package io.filejobs.steplambdas;

import io.filejobs.core.run.ExecutionDocument;
import io.filejobs.core.run.RunStep;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

/** One invocation per step: runs the document's current step and advances it. */
public class RunStepFunction extends MicronautRequestHandler<ExecutionDocument, ExecutionDocument> {

    @Inject
    RunStep runStep;

    public RunStepFunction() {
    }

    public RunStepFunction(ApplicationContext context) {
        super(context);
    }

    @Override
    public ExecutionDocument execute(ExecutionDocument input) {
        return runStep.run(input);
    }
}
