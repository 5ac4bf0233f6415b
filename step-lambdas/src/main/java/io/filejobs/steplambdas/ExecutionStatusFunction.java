package io.filejobs.steplambdas;

import io.filejobs.core.run.ExecutionEnded;
import io.filejobs.core.run.ExecutionStatusEvent;
import io.filejobs.core.run.FailureAlerts;
import io.filejobs.core.run.FinishResult;
import io.filejobs.core.run.RunRequest;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fed by an EventBridge rule on the state machine's executions that ended FAILED, TIMED_OUT or
 * ABORTED. A run such an execution left QUEUED or RUNNING (it stopped before FinishRun) is recorded
 * FAILED, and its alert published; a run the state machine finished itself is left alone, as its
 * alert has gone out already. Returns the status it acted on, or {@code "RECORDED"}.
 */
public class ExecutionStatusFunction extends MicronautRequestHandler<ExecutionStatusEvent, String> {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutionStatusFunction.class);

    @Inject
    ExecutionEnded executionEnded;

    @Inject
    JsonMapper json;

    @Inject
    Optional<FailureAlerts> alerts;

    public ExecutionStatusFunction() {
    }

    public ExecutionStatusFunction(ApplicationContext context) {
        super(context);
    }

    @Override
    public String execute(ExecutionStatusEvent event) {
        ExecutionStatusEvent.Detail detail = event == null ? null : event.detail();
        if (detail == null || detail.input() == null || detail.status() == null) {
            LOG.warn("an execution status event without detail, status or input; passed over: {}", event);
            return "IGNORED";
        }
        RunRequest request;
        try {
            request = json.readValue(detail.input(), RunRequest.class);
        } catch (IOException e) {
            LOG.warn("execution {} was not started with a run request; passed over", detail.executionArn());
            return "IGNORED";
        }
        if (request == null || request.jobId() == null) {
            LOG.warn("execution {} names no job; passed over", detail.executionArn());
            return "IGNORED";
        }
        Optional<FinishResult.Alert> alert = executionEnded.ended(request, detail.executionArn(), detail.status(), detail.error(),
                detail.cause());
        if (alert.isEmpty()) {
            return "ALREADY_FINISHED";
        }
        if (alerts.isPresent()) {
            alerts.get().publish(alert.get());
        } else {
            LOG.error("no failure topic configured; the alert is only logged: {} {}", alert.get().subject(), alert.get().message());
        }
        return "RECORDED";
    }
}
