package io.filejobs.core.aws;

import io.filejobs.core.run.TaskCallbacks;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/** Hands a WAIT step's answer to the Step Functions task waiting on its token (SendTaskSuccess, SendTaskFailure). */
@Singleton
@Requires(property = "filejobs.workflow.state-machine-arn")
public class StepFunctionsCallbacks implements TaskCallbacks {

    private static final Logger LOG = LoggerFactory.getLogger(StepFunctionsCallbacks.class);
    /** Step Functions' limits on a task failure's error and cause. */
    private static final int MAX_ERROR = 256;
    private static final int MAX_CAUSE = 32768;

    /** Built on first use: a cold start that never calls the service does not build its client. */
    private final BeanProvider<SfnClient> sfn;

    public StepFunctionsCallbacks(BeanProvider<SfnClient> sfn) {
        this.sfn = sfn;
    }

    @Override
    public Delivery succeed(String token, String output) {
        return deliver(() -> sfn.get().sendTaskSuccess(b -> b.taskToken(token).output(output)));
    }

    @Override
    public Delivery fail(String token, String error, String cause) {
        return deliver(() -> sfn.get().sendTaskFailure(b -> b.taskToken(token).error(cut(error, MAX_ERROR)).cause(cut(cause, MAX_CAUSE))));
    }

    private static Delivery deliver(Runnable send) {
        try {
            send.run();
            return Delivery.DELIVERED;
        } catch (TaskDoesNotExistException | TaskTimedOutException | InvalidTokenException gone) {
            return Delivery.GONE;
        } catch (SdkException unavailable) {
            // The token itself is never logged: it stands in for the run's right to go on.
            LOG.warn("a callback could not be handed to Step Functions: {}", unavailable.getClass().getSimpleName());
            return Delivery.UNAVAILABLE;
        }
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
