package io.filejobs.core.aws;

import io.filejobs.core.run.RunLauncher;
import io.filejobs.core.run.RunRequest;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;

/**
 * Starts a run on Step Functions. The execution is named after the run, so a second start of the
 * same run (a retried request) finds the first execution instead of making another.
 */
@Singleton
@Requires(property = "filejobs.workflow.state-machine-arn")
public class StepFunctionsRunLauncher implements RunLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(StepFunctionsRunLauncher.class);

    /** Built on first use: a cold start that never calls the service does not build its client. */
    private final BeanProvider<SfnClient> sfn;
    private final WorkflowConfiguration config;
    private final JsonMapper json;

    public StepFunctionsRunLauncher(BeanProvider<SfnClient> sfn, WorkflowConfiguration config, JsonMapper json) {
        this.sfn = sfn;
        this.config = config;
        this.json = json;
    }

    @Override
    public void launch(RunRequest request) {
        String input;
        try {
            input = json.writeValueAsString(request);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            String arn = sfn.get().startExecution(b -> b.stateMachineArn(config.getStateMachineArn()).name(request.executionName()).input(input)).executionArn();
            LOG.info("run {} of job {} started as {}", request.executionName(), request.jobId(), arn);
        } catch (ExecutionAlreadyExistsException e) {
            LOG.info("run {} of job {} was already started", request.executionName(), request.jobId());
        }
    }
}
