package io.filejobs.local.workflow;

import io.filejobs.core.run.TaskCallbacks;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The task tokens of the embedded interpreter's callback tasks, and what answers them: the callback
 * route hands a WAIT step's answer here, as it would to Step Functions on AWS. A run that waits
 * gives up its place among the runs that work ({@link RunSlots}) until its answer comes.
 */
@Singleton
public class EmbeddedCallbacks implements TaskCallbacks, Interpreter.TaskTokens {

    private final Map<String, CompletableFuture<Object>> waiting = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final RunSlots slots;
    private final JsonMapper json;

    public EmbeddedCallbacks(RunSlots slots, JsonMapper json) {
        this.slots = slots;
        this.json = json;
    }

    @Override
    public String open() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String token = "embedded-" + HexFormat.of().formatHex(bytes);
        waiting.put(token, new CompletableFuture<>());
        return token;
    }

    @Override
    public Object await(String token, Duration timeout) throws InterruptedException {
        CompletableFuture<Object> answer = waiting.get(token);
        if (answer == null) {
            throw new TaskFailure("States.TaskDoesNotExist", "the task token is not open");
        }
        slots.lend();
        try {
            return timeout == null ? answer.get() : answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new TaskFailure("States.Timeout", "no answer to the task token within " + timeout);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TaskFailure failure) {
                throw failure;
            }
            throw new TaskFailure("States.Runtime", String.valueOf(e.getCause()));
        } finally {
            slots.takeBack();
        }
    }

    @Override
    public void close(String token) {
        waiting.remove(token);
    }

    @Override
    public Delivery succeed(String token, String output) {
        CompletableFuture<Object> answer = waiting.get(token);
        if (answer == null) {
            return Delivery.GONE;
        }
        Object value;
        try {
            value = json.readValue(output, Argument.OBJECT_ARGUMENT);
        } catch (IOException e) {
            value = Map.of();
        }
        return answer.complete(value) ? Delivery.DELIVERED : Delivery.GONE;
    }

    @Override
    public Delivery fail(String token, String error, String cause) {
        CompletableFuture<Object> answer = waiting.get(token);
        if (answer == null) {
            return Delivery.GONE;
        }
        return answer.completeExceptionally(new TaskFailure(error, cause)) ? Delivery.DELIVERED : Delivery.GONE;
    }

    /** Ends every wait at once (the runtime stops); the runs are taken up again, still waiting, at the next start. */
    void release() {
        waiting.values().forEach(answer -> answer.completeExceptionally(new TaskFailure("States.Runtime", "the runtime is stopping")));
    }

    /** How many callback tasks wait now. */
    public int waiting() {
        return waiting.size();
    }
}
