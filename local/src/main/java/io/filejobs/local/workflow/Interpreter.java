package io.filejobs.local.workflow;

import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link StateMachine} in this JVM: Pass, Task (InputPath, Parameters, ResultPath, Retry
 * with backoff and jitter, Catch; a Lambda task that waits for its task token, with
 * TimeoutSecondsPath), Choice (StringEquals, BooleanEquals, NumericLessThanPath, IsPresent), Map
 * (INLINE, ItemsPath, ItemSelector, MaxConcurrency with a pool of that many threads, ResultPath,
 * Catch), Fail and Succeed,
 * as Step Functions defines them. A task's resource names a function here; an error it throws is
 * named by the exception's class, as Lambda names it. Retry delays come from the definition and
 * pass through the {@link Sleeper}, which tests replace.
 */
public final class Interpreter {

    private static final Logger LOG = LoggerFactory.getLogger(Interpreter.class);
    private static final int MAX_TRANSITIONS = 100_000;

    /** Waits between retries. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /**
     * The task tokens of callback tasks ({@code .waitForTaskToken}): a token is opened before the
     * task's function is called (its answer may come before the wait begins) and awaited after.
     */
    public interface TaskTokens {
        String open();

        /**
         * The answer to {@code token}: its output, or a {@link TaskFailure} with the error it was
         * failed with, or States.Timeout once {@code timeout} passed (null: no limit).
         */
        Object await(String token, Duration timeout) throws InterruptedException;

        /** Forgets a token nobody waits on any more. */
        void close(String token);
    }

    /** The only callback integration state-machine.json uses. */
    static final String LAMBDA_CALLBACK = "arn:aws:states:::lambda:invoke.waitForTaskToken";

    private final StateMachine machine;
    private final Map<String, Function<Object, Object>> resources;
    private final Sleeper sleeper;
    private final Random random;
    private final TaskTokens tokens;
    /** Set when the runtime stops: executions end where they are (STOPPED), without running their Catch, to be resumed at the next start. */
    private final java.util.concurrent.atomic.AtomicBoolean stopping;

    public Interpreter(StateMachine machine, Map<String, Function<Object, Object>> resources, Sleeper sleeper, Random random) {
        this(machine, resources, sleeper, random, null);
    }

    public Interpreter(StateMachine machine, Map<String, Function<Object, Object>> resources, Sleeper sleeper, Random random,
            TaskTokens tokens) {
        this(machine, resources, sleeper, random, tokens, new java.util.concurrent.atomic.AtomicBoolean());
    }

    private Interpreter(StateMachine machine, Map<String, Function<Object, Object>> resources, Sleeper sleeper, Random random,
            TaskTokens tokens, java.util.concurrent.atomic.AtomicBoolean stopping) {
        this.stopping = stopping;
        this.machine = machine;
        this.resources = Map.copyOf(resources);
        this.sleeper = sleeper;
        this.random = random;
        this.tokens = tokens;
    }

    /** How an execution ended when the runtime stopped under it: neither recorded nor alerted; the next start resumes its run. */
    public static final String STOPPED = "STOPPED";

    /** Stops every execution of this interpreter at its next state. */
    public void stop() {
        stopping.set(true);
    }

    public Execution run(String executionId, Object input) {
        Map<String, Object> context = Map.of("Execution", Map.of("Id", executionId));
        Object data = input;
        String current = machine.startAt();
        for (int transitions = 0; transitions < MAX_TRANSITIONS; transitions++) {
            if (stopping.get()) {
                return new Execution(executionId, STOPPED, null, "States.Runtime", "the runtime stopped at state " + current);
            }
            Map<String, Object> state = machine.state(current);
            String type = (String) state.get("Type");
            try {
                switch (type) {
                    case "Pass" -> {
                        data = state.containsKey("Parameters") ? parameters(state.get("Parameters"), data, context) : data;
                        current = (String) state.get("Next");
                    }
                    case "Task" -> {
                        Step step = task(current, state, data, context);
                        data = step.data();
                        current = step.next();
                    }
                    case "Choice" -> current = choose(state, data);
                    case "Map" -> {
                        Step step = map(executionId, current, state, data, context);
                        data = step.data();
                        current = step.next();
                    }
                    case "Succeed" -> {
                        return new Execution(executionId, "SUCCEEDED", data, null, null);
                    }
                    case "Fail" -> {
                        return new Execution(executionId, "FAILED", null, (String) state.get("Error"), (String) state.get("Cause"));
                    }
                    default -> throw new IllegalStateException("unreachable: " + type);
                }
            } catch (TaskFailure failure) {
                LOG.warn("execution {} failed in state {}: {}", executionId, current, failure.getMessage());
                return new Execution(executionId, "FAILED", null, failure.error(), failure.cause());
            }
        }
        return new Execution(executionId, "FAILED", null, "States.Runtime", "more than " + MAX_TRANSITIONS + " transitions");
    }

    private record Step(Object data, String next) {
    }

    @SuppressWarnings("unchecked")
    private Step task(String name, Map<String, Object> state, Object data, Map<String, Object> context) {
        Object effective = state.containsKey("InputPath") ? read(data, (String) state.get("InputPath"), context) : data;
        boolean callback = LAMBDA_CALLBACK.equals(state.get("Resource"));
        Function<Object, Object> resource = callback ? null : resources.get((String) state.get("Resource"));
        if (!callback && resource == null) {
            throw new TaskFailure("States.Runtime", "state " + name + " names resource " + state.get("Resource") + ", which is not bound here");
        }
        List<Map<String, Object>> retriers = (List<Map<String, Object>>) state.getOrDefault("Retry", List.of());
        int[] attempts = new int[retriers.size()];
        while (true) {
            try {
                Object result = callback ? callbackTask(name, state, effective, context)
                        : resource.apply(state.containsKey("Parameters") ? parameters(state.get("Parameters"), effective, context) : effective);
                return new Step(put(data, state.containsKey("ResultPath") ? (String) state.get("ResultPath") : "$", result), (String) state.get("Next"));
            } catch (RuntimeException thrown) {
                TaskFailure failure = thrown instanceof TaskFailure f ? f : new TaskFailure(thrown.getClass().getName(), lambdaCause(thrown));
                int r = firstMatching(retriers, failure.error());
                if (r >= 0 && attempts[r] < number(retriers.get(r), "MaxAttempts", 3)) {
                    Duration delay = delay(retriers.get(r), attempts[r]++);
                    LOG.info("state {} failed with {}; retry {} in {} ms", name, failure.error(), attempts[r], delay.toMillis());
                    sleep(delay);
                    continue;
                }
                return caught(state, data, failure);
            }
        }
    }

    /**
     * A Lambda task that waits for its task token: a token is opened, the function named by
     * Parameters.FunctionName is called with Parameters.Payload ({@code $$.Task.Token} in its
     * context), and the task ends when the token is answered, failing with States.Timeout after
     * TimeoutSecondsPath's seconds.
     */
    @SuppressWarnings("unchecked")
    private Object callbackTask(String name, Map<String, Object> state, Object effective, Map<String, Object> context) {
        if (tokens == null) {
            throw new TaskFailure("States.Runtime", "state " + name + " waits for a task token, and no token store is bound here");
        }
        String token = tokens.open();
        try {
            Map<String, Object> taskContext = new LinkedHashMap<>(context);
            taskContext.put("Task", Map.of("Token", token));
            Map<String, Object> parameters = (Map<String, Object>) parameters(state.get("Parameters"), effective, taskContext);
            Function<Object, Object> function = resources.get((String) parameters.get("FunctionName"));
            if (function == null) {
                throw new TaskFailure("States.Runtime", "state " + name + " names function " + parameters.get("FunctionName") + ", which is not bound here");
            }
            Duration timeout = null;
            if (state.containsKey("TimeoutSecondsPath")) {
                Object seconds = read(effective, (String) state.get("TimeoutSecondsPath"), context);
                if (!(seconds instanceof Number n) || n.longValue() < 1) {
                    throw new TaskFailure("States.Runtime", "the TimeoutSecondsPath of state " + name + " selects no positive number");
                }
                timeout = Duration.ofSeconds(n.longValue());
            }
            function.apply(parameters.get("Payload"));
            return tokens.await(token, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaskFailure("States.Runtime", "state " + name + " was stopped while it waited for its task token");
        } finally {
            tokens.close(token);
        }
    }

    /** Where a state's Catch sends a failure (its error and cause placed at the catcher's ResultPath); rethrows it when none matches. */
    @SuppressWarnings("unchecked")
    private static Step caught(Map<String, Object> state, Object data, TaskFailure failure) {
        for (Map<String, Object> catcher : (List<Map<String, Object>>) state.getOrDefault("Catch", List.of())) {
            if (matches((List<String>) catcher.get("ErrorEquals"), failure.error())) {
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("Error", failure.error());
                error.put("Cause", failure.cause());
                String resultPath = catcher.containsKey("ResultPath") ? (String) catcher.get("ResultPath") : "$";
                return new Step(put(data, resultPath, error), (String) catcher.get("Next"));
            }
        }
        throw failure;
    }

    /**
     * Runs a Map state: its ItemProcessor once per item of ItemsPath, at most MaxConcurrency at once
     * (0: all at once), each with the input ItemSelector builds ({@code $$.Map.Item.Value} and
     * {@code .Index} in its context). The results, in item order, go where ResultPath says. The first
     * item that fails stops the others and fails the state, which its Catch may handle.
     */
    @SuppressWarnings("unchecked")
    private Step map(String executionId, String name, Map<String, Object> state, Object data, Map<String, Object> context) {
        try {
            Object items = state.containsKey("ItemsPath") ? read(data, (String) state.get("ItemsPath"), context) : data;
            if (!(items instanceof List<?> list)) {
                throw new TaskFailure("States.Runtime", "the ItemsPath of state " + name + " selects no array");
            }
            StateMachine processor = machine.processor(name);
            int max = (int) number(state, "MaxConcurrency", 0);
            int threads = Math.max(1, max == 0 ? list.size() : Math.min(max, list.size()));
            ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "filejobs-map-" + name);
                t.setDaemon(true);
                return t;
            });
            try {
                CompletionService<Execution> done = new ExecutorCompletionService<>(pool);
                Map<Future<Execution>, Integer> runs = new java.util.HashMap<>();
                for (int i = 0; i < list.size(); i++) {
                    Map<String, Object> itemContext = new LinkedHashMap<>(context);
                    itemContext.put("Map", Map.of("Item", Map.of("Value", list.get(i), "Index", i)));
                    Object input = state.containsKey("ItemSelector") ? parameters(state.get("ItemSelector"), data, itemContext) : list.get(i);
                    Interpreter branch = new Interpreter(processor, resources, sleeper, random, tokens, stopping);
                    runs.put(done.submit(() -> branch.run(executionId, input)), i);
                }
                Object[] outputs = new Object[list.size()];
                // As the items end, whatever their order: the first that fails stops the others at once (the finally below).
                for (int n = 0; n < list.size(); n++) {
                    Future<Execution> next = done.take();
                    Execution ended = next.get();
                    if (STOPPED.equals(ended.status())) {
                        // Back to this state, where the run loop sees the runtime stopping.
                        return new Step(data, name);
                    }
                    if (!"SUCCEEDED".equals(ended.status())) {
                        throw new TaskFailure(ended.error(), ended.cause());
                    }
                    outputs[runs.get(next)] = ended.output();
                }
                List<Object> results = java.util.Arrays.asList(outputs);
                Object out = state.containsKey("ResultPath") ? put(data, (String) state.get("ResultPath"), results) : results;
                return new Step(out, (String) state.get("Next"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TaskFailure("States.Runtime", "interrupted while the items of " + name + " ran");
            } catch (ExecutionException e) {
                throw new TaskFailure("States.Runtime", "an item of " + name + " failed: " + e.getCause());
            } finally {
                pool.shutdownNow();
            }
        } catch (TaskFailure failure) {
            return caught(state, data, failure);
        }
    }

    /** The Cause Lambda reports for an exception: a JSON document with its message and type. */
    private static String lambdaCause(RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
        return "{\"errorMessage\":" + quote(message) + ",\"errorType\":" + quote(e.getClass().getName()) + "}";
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private int firstMatching(List<Map<String, Object>> retriers, String error) {
        for (int i = 0; i < retriers.size(); i++) {
            @SuppressWarnings("unchecked")
            List<String> names = (List<String>) retriers.get(i).get("ErrorEquals");
            if (matches(names, error)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean matches(List<String> names, String error) {
        return names.contains(error) || names.contains("States.ALL") || names.contains("States.TaskFailed") && !error.startsWith("States.");
    }

    /** IntervalSeconds x BackoffRate^attempt, capped by MaxDelaySeconds, with FULL jitter drawn from [0, delay]. */
    private Duration delay(Map<String, Object> retrier, int attempt) {
        double interval = number(retrier, "IntervalSeconds", 1);
        double rate = number(retrier, "BackoffRate", 2.0);
        double seconds = interval * Math.pow(rate, attempt);
        if (retrier.containsKey("MaxDelaySeconds")) {
            seconds = Math.min(seconds, number(retrier, "MaxDelaySeconds", seconds));
        }
        if ("FULL".equals(retrier.get("JitterStrategy"))) {
            seconds = random.nextDouble() * seconds;
        }
        return Duration.ofMillis((long) (seconds * 1000));
    }

    private static double number(Map<String, Object> map, String key, double fallback) {
        Object value = map.get(key);
        return value instanceof Number n ? n.doubleValue() : fallback;
    }

    private void sleep(Duration delay) {
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaskFailure("States.Runtime", "interrupted while waiting to retry");
        }
    }

    @SuppressWarnings("unchecked")
    private String choose(Map<String, Object> state, Object data) {
        for (Map<String, Object> rule : (List<Map<String, Object>>) state.get("Choices")) {
            Object value = readOrNull(data, (String) rule.get("Variable"));
            boolean hit;
            if (rule.containsKey("StringEquals")) {
                hit = rule.get("StringEquals").equals(value);
            } else if (rule.containsKey("BooleanEquals")) {
                hit = rule.get("BooleanEquals").equals(value);
            } else if (rule.containsKey("IsPresent")) {
                hit = present(data, (String) rule.get("Variable")) == Boolean.TRUE.equals(rule.get("IsPresent"));
            } else {
                Object other = readOrNull(data, (String) rule.get("NumericLessThanPath"));
                hit = value instanceof Number a && other instanceof Number b && a.doubleValue() < b.doubleValue();
            }
            if (hit) {
                return (String) rule.get("Next");
            }
        }
        if (!state.containsKey("Default")) {
            throw new TaskFailure("States.NoChoiceMatched", "no choice rule matched and there is no Default");
        }
        return (String) state.get("Default");
    }

    /** Evaluates a Parameters template: a key ending in ".$" takes the value its path selects. */
    @SuppressWarnings("unchecked")
    private Object parameters(Object template, Object data, Map<String, Object> context) {
        if (template instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : ((Map<String, Object>) map).entrySet()) {
                if (e.getKey().endsWith(".$")) {
                    out.put(e.getKey().substring(0, e.getKey().length() - 2), read(data, (String) e.getValue(), context));
                } else {
                    out.put(e.getKey(), parameters(e.getValue(), data, context));
                }
            }
            return out;
        }
        if (template instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(item -> out.add(parameters(item, data, context)));
            return out;
        }
        return template;
    }

    private static Object read(Object data, String path, Map<String, Object> context) {
        try {
            return path.startsWith("$$") ? JsonPath.read(context, path.substring(1)) : JsonPath.read(data, path);
        } catch (PathNotFoundException e) {
            throw new TaskFailure("States.Runtime", "the path " + path + " selects nothing in the state's input");
        }
    }

    private static boolean present(Object data, String path) {
        try {
            JsonPath.read(data, path);
            return true;
        } catch (PathNotFoundException e) {
            return false;
        }
    }

    private static Object readOrNull(Object data, String path) {
        try {
            return JsonPath.read(data, path);
        } catch (PathNotFoundException e) {
            return null;
        }
    }

    /** Places a result in the data as ResultPath says: "$" replaces it, null discards the result, "$.a.b" sets a field. */
    @SuppressWarnings("unchecked")
    private static Object put(Object data, String resultPath, Object result) {
        if (resultPath == null) {
            return data;
        }
        if (resultPath.equals("$")) {
            return result;
        }
        if (!resultPath.startsWith("$.") || !(data instanceof Map)) {
            throw new TaskFailure("States.Runtime", "ResultPath " + resultPath + " cannot be applied");
        }
        Map<String, Object> root = new LinkedHashMap<>((Map<String, Object>) data);
        String[] parts = resultPath.substring(2).split("\\.");
        Map<String, Object> node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            Object child = node.get(parts[i]);
            Map<String, Object> copy = child instanceof Map ? new LinkedHashMap<>((Map<String, Object>) child) : new LinkedHashMap<>();
            node.put(parts[i], copy);
            node = copy;
        }
        node.put(parts[parts.length - 1], result);
        return root;
    }
}
