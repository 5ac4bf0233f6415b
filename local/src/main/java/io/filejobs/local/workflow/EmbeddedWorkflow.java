package io.filejobs.local.workflow;

import io.filejobs.core.run.ExecutionDocument;
import io.filejobs.core.run.ExecutionEnded;
import io.filejobs.core.run.FinishRequest;
import io.filejobs.core.run.RunRequest;
import io.filejobs.steplambdas.FinishRunFunction;
import io.filejobs.steplambdas.RunStepFunction;
import io.filejobs.steplambdas.StartRunFunction;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * state-machine.json, run in-process by the {@link Interpreter}, with each task bound to the same
 * handler class its Lambda runs and the failure topic bound to the {@link NotificationLog}.
 */
@Singleton
public class EmbeddedWorkflow {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedWorkflow.class);

    static final String DEFINITION = "filejobs/state-machine.json";
    static final Map<String, String> PLACEHOLDERS = Map.of(
            "${start_run_function_arn}", "filejobs:start-run",
            "${run_step_function_arn}", "filejobs:run-step",
            "${finish_run_function_arn}", "filejobs:finish-run",
            "${failure_topic_arn}", "filejobs:failure-topic");

    private final Interpreter interpreter;
    private final JsonMapper json;
    private final ExecutionEnded executionEnded;
    private final NotificationLog notifications;
    private final EmbeddedCallbacks callbacks;
    /** What the execution on this thread does once its start task has answered ({@link #run(String, RunRequest, Runnable)}). */
    private final ThreadLocal<Runnable> started = new ThreadLocal<>();

    public EmbeddedWorkflow(ApplicationContext context, JsonMapper json, NotificationLog notifications, Interpreter.Sleeper sleeper,
            ExecutionEnded executionEnded, EmbeddedCallbacks callbacks) {
        this.json = json;
        this.executionEnded = executionEnded;
        this.notifications = notifications;
        StartRunFunction startRun = new StartRunFunction(context);
        RunStepFunction runStep = new RunStepFunction(context);
        FinishRunFunction finishRun = new FinishRunFunction(context);
        Map<String, Function<Object, Object>> resources = Map.of(
                "filejobs:start-run", input -> {
                    try {
                        return toData(startRun.execute(convert(input, RunRequest.class)));
                    } finally {
                        Runnable then = started.get();
                        if (then != null) {
                            then.run();
                        }
                    }
                },
                "filejobs:run-step", input -> toData(runStep.execute(convert(input, ExecutionDocument.class))),
                "filejobs:finish-run", input -> toData(finishRun.execute(convert(input, FinishRequest.class))),
                "arn:aws:states:::sns:publish", input -> notifications.publish(convert(input, Map.class)));
        this.interpreter = new Interpreter(load(json), resources, sleeper, new SecureRandom(), callbacks);
        this.callbacks = callbacks;
    }

    /** Loads the definition and binds its placeholders to the resources of this runtime. */
    static StateMachine load(JsonMapper json) {
        try (InputStream in = EmbeddedWorkflow.class.getClassLoader().getResourceAsStream(DEFINITION)) {
            if (in == null) {
                throw new IllegalStateException(DEFINITION + " is not on the classpath");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (Map.Entry<String, String> p : PLACEHOLDERS.entrySet()) {
                text = text.replace(p.getKey(), p.getValue());
            }
            return StateMachine.of(json.readValue(text, Argument.mapOf(String.class, Object.class)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs one execution. One that ends other than SUCCEEDED, or that stops on an error of the
     * runtime itself, is handed to the same check as AWS's execution-status function: a run it left
     * QUEUED or RUNNING is recorded FAILED and alerted, so no run waits for a restart to be noticed.
     */
    public Execution run(String executionId, RunRequest request) {
        return run(executionId, request, () -> { });
    }

    /**
     * Runs one execution as {@link #run(String, RunRequest)} does, and calls {@code started} on this
     * thread each time its start task has answered (the run is then recorded, and holds the job's
     * active place, waits in its queue or was skipped).
     */
    public Execution run(String executionId, RunRequest request, Runnable started) {
        Execution execution;
        this.started.set(started);
        try {
            execution = interpreter.run(executionId, toData(request));
        } catch (RuntimeException | Error crash) {
            ended(request, executionId, "FAILED", "States.Runtime", "the embedded workflow stopped on an unexpected error");
            throw crash;
        } finally {
            this.started.remove();
        }
        if (Interpreter.STOPPED.equals(execution.status())) {
            // The runtime is stopping: the run stays as it is recorded, and the next start resumes it (InterruptedRuns).
            LOG.info("execution {} stopped with the runtime; its run is resumed at the next start", executionId);
        } else if (!"SUCCEEDED".equals(execution.status())) {
            ended(request, executionId, execution.status(), execution.error(), execution.cause());
        }
        return execution;
    }

    /** The runtime stops: executions end at their next state without recording anything, and runs that wait let go. */
    public void stop() {
        interpreter.stop();
        callbacks.release();
    }

    private void ended(RunRequest request, String executionId, String status, String error, String cause) {
        try {
            executionEnded.ended(request, executionId, status, error, cause).ifPresent(alert -> notifications.publish(Map.of(
                    "TopicArn", PLACEHOLDERS.get("${failure_topic_arn}"), "Subject", alert.subject(), "Message", alert.message())));
        } catch (RuntimeException e) {
            LOG.error("execution {} ended {}, and its run could not be recorded; the next start resumes it", executionId, status, e);
        }
    }

    @SuppressWarnings("unchecked")
    private <T> T convert(Object data, Class<T> type) {
        try {
            return json.readValue(json.writeValueAsBytes(data), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Object toData(Object value) {
        try {
            return json.readValue(json.writeValueAsBytes(value), Argument.mapOf(String.class, Object.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
