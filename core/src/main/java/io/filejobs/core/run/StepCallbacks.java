package io.filejobs.core.run;

import io.filejobs.core.error.ErrorCode;
import io.filejobs.core.error.FieldError;
import io.filejobs.core.error.FileJobsException;
import io.filejobs.core.logging.LogFields;
import io.filejobs.core.step.StepErrorCode;
import io.filejobs.core.store.RunLedger;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a WAIT step: {@code {"outcome": "SUCCEEDED" | "FAILED", "message": ..., "output": {...}}}.
 * The answer is recorded on the step first (one answer wins: a second gets ALREADY_DONE), then
 * handed to the state machine task waiting on the step's token, which the run's record keeps and
 * the API never shows. SUCCEEDED lets the run go on; FAILED fails the step with CALLBACK_REJECTED
 * and the run with it. An answer the state machine could not take now is taken back (503), so the
 * caller can send it again.
 */
@Singleton
public class StepCallbacks {

    private static final Logger LOG = LoggerFactory.getLogger(StepCallbacks.class);
    static final Set<String> FIELDS = Set.of("outcome", "message", "output");
    public static final int MAX_MESSAGE = 1024;
    public static final int MAX_OUTPUT_BYTES = 16 * 1024;

    private final RunService runs;
    private final RunLedger ledger;
    private final Optional<TaskCallbacks> callbacks;
    private final JsonMapper json;
    private final Clock clock;

    public StepCallbacks(RunService runs, RunLedger ledger, Optional<TaskCallbacks> callbacks, JsonMapper json, Clock clock) {
        this.runs = runs;
        this.ledger = ledger;
        this.callbacks = callbacks;
        this.json = json;
        this.clock = clock;
    }

    /** Records the answer and hands it on; returns the step as it now stands. */
    public StepRun answer(String jobId, String runId, String stepId, byte[] body) {
        try (LogFields fields = LogFields.of(jobId, runId, stepId)) {
            return answerWithFields(jobId, runId, stepId, body);
        }
    }

    private StepRun answerWithFields(String jobId, String runId, String stepId, byte[] body) {
        Answer answer = read(body);
        // The step's token changes when its wait is taken up again (the embedded runtime restarted): answer the new one.
        for (int attempt = 0; attempt < 5; attempt++) {
            Run run = runs.get(jobId, runId);
            int id = RunService.stepOf(run, stepId);
            StepRun step = run.steps().get(id);
            refuseIfNotWaiting(run, step);
            if (callbacks.isEmpty()) {
                throw new FileJobsException(ErrorCode.SERVICE_UNAVAILABLE, "callbacks cannot be answered here: no workflow is configured");
            }
            Optional<String> token = ledger.waitToken(jobId, runId, id);
            if (token.isEmpty()) {
                continue;
            }
            Optional<StepRun> answered = answer(run, step, token.get(), answer);
            if (answered.isPresent()) {
                return answered.get();
            }
        }
        Run run = runs.get(jobId, runId);
        StepRun step = run.steps().get(RunService.stepOf(run, stepId));
        refuseIfNotWaiting(run, step);
        throw new FileJobsException(ErrorCode.SERVICE_UNAVAILABLE, "step " + step.id() + " of run " + runId
                + " kept changing while it was answered; send the callback again");
    }

    /** Answers the step if it still waits on {@code token}; empty when it moved on meanwhile. */
    private Optional<StepRun> answer(Run run, StepRun step, String token, Answer answer) {
        String now = clock.instant().truncatedTo(ChronoUnit.MILLIS).toString();
        boolean succeeded = "SUCCEEDED".equals(answer.outcome());
        StepRun.Callback callback = new StepRun.Callback(answer.outcome(), answer.message(), answer.output(), now);
        RunError error = succeeded ? null : new RunError(StepErrorCode.CALLBACK_REJECTED.name(),
                answer.message() == null ? "the callback answered FAILED" : "the callback answered FAILED: " + answer.message(), step.id());
        StepRun ended = new StepRun(step.id(), step.name(), step.action(), succeeded ? StepRun.SUCCEEDED : StepRun.FAILED, step.startedAt(), now,
                null, error, Math.max(1, step.attempts()), null, null, step.waitingUntil(), callback);
        if (!ledger.answerWait(run.jobId(), run.runId(), ended, token)) {
            return Optional.empty();
        }
        TaskCallbacks.Delivery delivery = succeeded ? callbacks.get().succeed(token, outputText(answer.output()))
                : callbacks.get().fail(token, StepErrorCode.CALLBACK_REJECTED.name(), error.message());
        if (delivery == TaskCallbacks.Delivery.UNAVAILABLE) {
            ledger.reopenWait(run.jobId(), run.runId(), step, token);
            throw new FileJobsException(ErrorCode.SERVICE_UNAVAILABLE, "the answer could not be handed to the workflow now; the step still"
                    + " waits, send the callback again");
        }
        // GONE: no task waits on the token now (the embedded runtime is restarting); the run finds the answer when it takes the step up.
        LOG.info("step {} of run {} of job {} answered {} by its callback ({})", step.id(), run.runId(), run.jobId(), answer.outcome(), delivery);
        return Optional.of(ended);
    }

    private static void refuseIfNotWaiting(Run run, StepRun step) {
        if (step.callback() != null) {
            throw new FileJobsException(ErrorCode.ALREADY_DONE, "step " + step.id() + " of run " + run.runId() + " was already answered "
                    + step.callback().outcome() + " at " + step.callback().receivedAt() + "; a step takes one answer");
        }
        if (!step.waiting()) {
            throw notWaiting(run, step);
        }
    }

    private static FileJobsException notWaiting(Run run, StepRun step) {
        String why = StepRun.PENDING.equals(step.status()) && run.status() != RunStatus.FAILED && run.status() != RunStatus.SKIPPED
                ? "it has not started waiting yet" : "it is " + step.status() + (run.status().finished() ? " and the run is " + run.status() : "");
        return new FileJobsException(ErrorCode.NOT_WAITING, "step " + step.id() + " (" + step.action() + ") of run " + run.runId()
                + " is not waiting for a callback: " + why + "; only a WAIT step that shows WAITING takes one");
    }

    private record Answer(String outcome, String message, JsonNode output) {
    }

    private Answer read(byte[] body) {
        JsonNode root;
        try {
            root = body == null || body.length == 0 ? null : json.readValue(new String(body, StandardCharsets.UTF_8), Argument.of(JsonNode.class));
        } catch (IOException | RuntimeException e) {
            throw new FileJobsException(ErrorCode.MALFORMED_REQUEST, "the request body is not valid JSON; send {\"outcome\": \"SUCCEEDED\"}"
                    + " or {\"outcome\": \"FAILED\", \"message\": \"...\"}");
        }
        if (root == null || !root.isObject()) {
            throw new FileJobsException(ErrorCode.MALFORMED_REQUEST, "the request body must be a JSON object such as {\"outcome\": \"SUCCEEDED\"}");
        }
        List<FieldError> errors = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : root.entries()) {
            if (!FIELDS.contains(entry.getKey())) {
                errors.add(new FieldError(entry.getKey(), "unknown field; a callback has outcome, message and output"));
            }
        }
        JsonNode outcome = root.get("outcome");
        if (outcome == null || !outcome.isString() || !Set.of("SUCCEEDED", "FAILED").contains(outcome.getStringValue())) {
            errors.add(new FieldError("outcome", "is required: SUCCEEDED (the run goes on) or FAILED (the step and the run fail)"));
        }
        JsonNode message = root.get("message");
        if (message != null && !message.isNull() && (!message.isString() || message.getStringValue().length() > MAX_MESSAGE)) {
            errors.add(new FieldError("message", "must be a string of at most " + MAX_MESSAGE + " characters"));
        }
        JsonNode output = root.get("output");
        if (output != null && !output.isNull()) {
            if (!output.isObject()) {
                errors.add(new FieldError("output", "must be a JSON object"));
            } else if (outputText(output).getBytes(StandardCharsets.UTF_8).length > MAX_OUTPUT_BYTES) {
                errors.add(new FieldError("output", "must be at most " + MAX_OUTPUT_BYTES + " bytes as JSON"));
            }
        }
        if (!errors.isEmpty()) {
            throw FileJobsException.validation(errors);
        }
        return new Answer(outcome.getStringValue(), message == null || message.isNull() ? null : message.getStringValue(),
                output == null || output.isNull() ? null : output);
    }

    private String outputText(JsonNode output) {
        if (output == null) {
            return "{}";
        }
        try {
            return json.writeValueAsString(output);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
