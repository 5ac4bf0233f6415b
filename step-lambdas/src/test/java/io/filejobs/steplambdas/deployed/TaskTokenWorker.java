package io.filejobs.steplambdas.deployed;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Serves a state machine's Lambda tasks in this JVM. {@link #redirect} turns each Lambda task into
 * an SQS task that waits for its task token (the message carries the function, the task's input
 * and the token); the worker takes each message, runs the function's real handler and answers
 * SendTaskSuccess with its result or SendTaskFailure with the exception's class name as the error,
 * which is the name a Java Lambda's failure carries into Retry and Catch. A Lambda task that waits
 * for its own token ({@code lambda:invoke.waitForTaskToken}) is served the same way, except that a
 * handler that returns leaves the token to be answered by whoever the handler told of it.
 */
final class TaskTokenWorker implements AutoCloseable {

    static final String CALLBACK_RESOURCE = "arn:aws:states:::sqs:sendMessage.waitForTaskToken";
    /** The Lambda integration a WAIT step's task uses. */
    static final String LAMBDA_CALLBACK = "arn:aws:states:::lambda:invoke.waitForTaskToken";

    /** One task served: which function, and the error it answered with (null when it succeeded). */
    record Served(String function, String error) {
    }

    private final SqsClient sqs;
    private final SfnClient sfn;
    private final String queueUrl;
    private final Function<String, DeployedFunction> functions;
    private final JsonMapper json;
    private final List<Served> served = new CopyOnWriteArrayList<>();
    private final Map<String, Runnable> onFailure = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean paused;
    private final Object serving = new Object();
    /** Tasks taken from the queue and not yet answered; guarded by {@code serving}. */
    private int inFlight;
    private final java.util.concurrent.ExecutorService handlers = java.util.concurrent.Executors.newFixedThreadPool(6, r -> {
        Thread t = new Thread(r, "task-token-handler");
        t.setDaemon(true);
        return t;
    });
    private volatile Throwable broken;

    TaskTokenWorker(SqsClient sqs, SfnClient sfn, String queueUrl, Function<String, DeployedFunction> functions, JsonMapper json) {
        this.sqs = sqs;
        this.sfn = sfn;
        this.queueUrl = queueUrl;
        this.functions = functions;
        this.json = json;
        this.thread = new Thread(this::loop, "task-token-worker");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * The definition with every Lambda task ({@code Resource} a Lambda function ARN) sent to the queue
     * instead. InputPath, ResultPath, Retry and Catch stay as they are; the task's Parameters, if
     * any, become the message's input, else the task's input does.
     *
     * @return the rewritten definition and the Lambda ARNs the tasks named, by state
     */
    static Redirected redirect(String definition, String queueUrl, JsonMapper json) {
        Map<String, Object> machine = read(definition, json);
        Map<String, String> functions = new LinkedHashMap<>();
        redirectStates(machine, queueUrl, functions);
        try {
            return new Redirected(json.writeValueAsString(machine), functions);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Redirects the Lambda tasks among {@code machine}'s states, and those of its Map states' ItemProcessors. */
    @SuppressWarnings("unchecked")
    private static void redirectStates(Map<String, Object> machine, String queueUrl, Map<String, String> functions) {
        Map<String, Map<String, Object>> states = (Map<String, Map<String, Object>>) machine.get("States");
        for (var state : states.entrySet()) {
            Map<String, Object> body = state.getValue();
            if ("Map".equals(body.get("Type"))) {
                redirectStates((Map<String, Object>) body.get("ItemProcessor"), queueUrl, functions);
                continue;
            }
            Object resource = body.get("Resource");
            if (LAMBDA_CALLBACK.equals(resource)) {
                // A Lambda task that waits for its token: the function gets the payload (holding the token) and
                // the answer comes from elsewhere (the callback route), not from the worker.
                Map<String, Object> parameters = (Map<String, Object>) body.get("Parameters");
                functions.put(state.getKey(), (String) parameters.get("FunctionName"));
                Map<String, Object> message = new LinkedHashMap<>();
                message.put("function", parameters.get("FunctionName"));
                message.put("input", parameters.get("Payload"));
                message.put("token.$", "$$.Task.Token");
                message.put("answeredElsewhere", true);
                body.put("Resource", CALLBACK_RESOURCE);
                body.put("Parameters", Map.of("QueueUrl", queueUrl, "MessageBody", message));
                continue;
            }
            if (!"Task".equals(body.get("Type")) || !(resource instanceof String arn) || !arn.startsWith("arn:aws:lambda:")) {
                continue;
            }
            functions.put(state.getKey(), arn);
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("function", arn);
            if (body.containsKey("Parameters")) {
                message.put("input", body.get("Parameters"));
            } else {
                message.put("input.$", "$");
            }
            message.put("token.$", "$$.Task.Token");
            Map<String, Object> parameters = new LinkedHashMap<>();
            parameters.put("QueueUrl", queueUrl);
            parameters.put("MessageBody", message);
            body.put("Resource", CALLBACK_RESOURCE);
            body.put("Parameters", parameters);
            // A callback task waits for ever by default; a task the worker never answers fails the run instead.
            body.putIfAbsent("TimeoutSeconds", 300);
        }
    }

    record Redirected(String definition, Map<String, String> functionsByState) {
    }

    private static Map<String, Object> read(String definition, JsonMapper json) {
        try {
            return json.readValue(definition, Argument.mapOf(String.class, Object.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code action} once, the next time a task fails with this error, before the failure is reported. */
    void onNextFailure(String error, Runnable action) {
        onFailure.put(error, action);
    }

    List<Served> served() {
        return List.copyOf(served);
    }

    /** What stopped the worker, if anything did (a task's own failure does not). */
    Throwable broken() {
        return broken;
    }

    /**
     * Stops serving tasks; they wait in the queue until {@link #resume}. Returns once the tasks being
     * served have been answered.
     */
    void pause() {
        synchronized (serving) {
            paused = true;
            while (inFlight > 0) {
                try {
                    serving.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    void resume() {
        synchronized (serving) {
            paused = false;
            serving.notifyAll();
        }
    }

    private void loop() {
        while (running) {
            try {
                synchronized (serving) {
                    while (paused && running) {
                        serving.wait();
                    }
                }
                for (Message message : sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages()) {
                    synchronized (serving) {
                        if (paused) {
                            // Received while pausing: back to the queue, for after the resume.
                            sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()).visibilityTimeout(0));
                            continue;
                        }
                        sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
                        inFlight++;
                    }
                    // Tasks side by side, as Lambda runs concurrent invocations (steps of a run, shards of a step).
                    handlers.submit(() -> {
                        try {
                            serve(message.body());
                        } catch (IOException | RuntimeException | Error e) {
                            if (running) {
                                broken = e;
                                e.printStackTrace();
                            }
                        } finally {
                            synchronized (serving) {
                                inFlight--;
                                serving.notifyAll();
                            }
                        }
                    });
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | Error e) {
                if (running) {
                    broken = e;
                    e.printStackTrace();
                    return;
                }
            }
        }
    }

    private void serve(String body) throws IOException {
        JsonNode message = json.readValue(body, JsonNode.class);
        String function = message.get("function").getStringValue();
        String token = message.get("token").getStringValue();
        String input = json.writeValueAsString(message.get("input"));
        String output;
        try {
            output = functions.apply(function).invoke(input);
        } catch (RuntimeException e) {
            String error = e.getClass().getName();
            served.add(new Served(function, error));
            String cause = json.writeValueAsString(Map.of("errorMessage", String.valueOf(e.getMessage()), "errorType", error));
            Runnable action = onFailure.remove(error);
            if (action != null) {
                action.run();
            }
            sfn.sendTaskFailure(b -> b.taskToken(token).error(error).cause(cause));
            return;
        }
        served.add(new Served(function, null));
        if (message.get("answeredElsewhere") != null) {
            return;
        }
        sfn.sendTaskSuccess(b -> b.taskToken(token).output(output));
    }

    @Override
    public void close() throws InterruptedException {
        synchronized (serving) {
            running = false;
            serving.notifyAll();
        }
        thread.join(5000);
        handlers.shutdownNow();
    }
}
