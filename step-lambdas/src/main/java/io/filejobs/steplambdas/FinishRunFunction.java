package io.filejobs.steplambdas;

import io.filejobs.core.run.FinishRequest;
import io.filejobs.core.run.FinishResult;
import io.filejobs.core.run.FinishRun;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

/** Last task: records the run's outcome and, when it failed, hands the alert to the state machine. */
public class FinishRunFunction extends MicronautRequestHandler<FinishRequest, FinishResult> {

    @Inject
    FinishRun finishRun;

    public FinishRunFunction() {
    }

    public FinishRunFunction(ApplicationContext context) {
        super(context);
    }

    @Override
    public FinishResult execute(FinishRequest input) {
        return finishRun.finish(input);
    }
}
