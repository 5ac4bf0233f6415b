package io.filejobs.local.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.filejobs.core.step.StepFailedException;
import io.filejobs.core.step.StepThrottledException;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The real state-machine.json on the interpreter, with stand-in tasks: how a run moves through it. */
class InterpreterTest {

    private static final JsonMapper JSON = JsonMapper.createDefault();

    private final List<Duration> slept = new ArrayList<>();
    private final List<String> calls = new ArrayList<>();
    private final List<Map<String, Object>> alerts = new ArrayList<>();

    /**
     * Stand-in tasks: start answers {@code outcome} with {@code steps} steps, each waiting for the one
     * before it; step n runs {@code stepBehaviour}.
     */
    private Interpreter interpreter(String outcome, int steps, Function<Integer, Object> stepBehaviour) {
        List<List<Integer>> after = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            after.add(i == 0 ? List.of() : List.of(i - 1));
        }
        return interpreter(outcome, after, stepBehaviour, null);
    }

    /**
     * Stand-in tasks over a graph of steps ({@code after.get(n)}: what step n waits for): the step task
     * given the run's document answers the steps whose waits are over (as RunStep does from the run's
     * record), given a step's document runs {@code stepBehaviour} and marks the step done.
     */
    private Interpreter interpreter(String outcome, List<List<Integer>> after, Function<Integer, Object> stepBehaviour,
            Interpreter.TaskTokens tokens) {
        java.util.Set<Integer> done = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Map<String, Function<Object, Object>> resources = new HashMap<>();
        resources.put("filejobs:start-run", in -> {
            calls.add("start");
            return new LinkedHashMap<>(Map.of("id", "job", "name", "n", "runId", "r", "outcome", outcome,
                    "stepCount", after.size(), "start", 0, "current", -1, "steps", List.of()));
        });
        resources.put("filejobs:run-step", in -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> doc = new LinkedHashMap<>((Map<String, Object>) in);
            int current = ((Number) doc.get("current")).intValue();
            if (current < 0) {
                List<Map<String, Object>> ready = new ArrayList<>();
                for (int i = 0; i < after.size(); i++) {
                    if (!done.contains(i) && done.containsAll(after.get(i))) {
                        ready.add(Map.of("step", i, "callback", waits.contains(i), "timeoutSeconds", waits.contains(i) ? 2 : 0));
                    }
                }
                doc.put("ready", ready);
                doc.put("done", ready.isEmpty());
                return doc;
            }
            calls.add("step" + current + (doc.containsKey("taskToken") ? ":waits" : ""));
            if (doc.containsKey("taskToken")) {
                tokensSeen.put(current, (String) doc.get("taskToken"));
                done.add(current);
                return doc;
            }
            stepBehaviour.apply(current);
            done.add(current);
            return doc;
        });
        resources.put("filejobs:finish-run", in -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> request = (Map<String, Object>) in;
            calls.add("finish:" + request.get("outcome"));
            String status = "SUCCEEDED".equals(request.get("outcome")) ? "SUCCEEDED" : (String) request.get("outcome");
            Map<String, Object> result = new HashMap<>(Map.of("status", status));
            if (!"SUCCEEDED".equals(status)) {
                result.put("alert", Map.of("subject", "s", "message", "m"));
                failures.add(request.get("failure"));
            }
            return result;
        });
        resources.put("arn:aws:states:::sns:publish", in -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> params = (Map<String, Object>) in;
            alerts.add(params);
            return Map.of("MessageId", "1");
        });
        return new Interpreter(EmbeddedWorkflow.load(JSON), resources, slept::add, new Random(42), tokens);
    }

    /** Steps the stand-in step task reports as WAIT steps. */
    private final java.util.Set<Integer> waits = new java.util.HashSet<>();
    /** The task token each WAIT step was given. */
    private final Map<Integer, String> tokensSeen = new java.util.concurrent.ConcurrentHashMap<>();
    /** What the state machine's Catch handed the finish task. */
    private final List<Object> failures = new ArrayList<>();

    private static Map<String, Object> request() {
        return Map.of("jobId", "job", "trigger", "MANUAL", "runId", "r");
    }

    @Test
    void aRunGoesThroughEveryStepInOrderThenRecordsSuccess() {
        Execution execution = interpreter("RUN", 3, n -> null).run("exec-1", request());
        assertEquals("SUCCEEDED", execution.status());
        assertEquals(List.of("start", "step0", "step1", "step2", "finish:SUCCEEDED"), calls);
        assertEquals(List.of(), alerts);
    }

    @Test
    void aThrottledStepIsRetriedWithTheDefinitionsBackoffThenSucceeds() {
        AtomicInteger failures = new AtomicInteger(3);
        Execution execution = interpreter("RUN", 2, n -> {
            if (n == 1 && failures.getAndDecrement() > 0) {
                throw new StepThrottledException("THROTTLED: slow down");
            }
            return null;
        }).run("exec-2", request());
        assertEquals("SUCCEEDED", execution.status());
        assertEquals(List.of("start", "step0", "step1", "step1", "step1", "step1", "finish:SUCCEEDED"), calls);
        assertEquals(3, slept.size());
        // IntervalSeconds 2, BackoffRate 2, FULL jitter: the n-th wait is at most 2 * 2^n seconds.
        for (int i = 0; i < slept.size(); i++) {
            assertTrue(slept.get(i).toMillis() <= 2000L << i, slept.toString());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void throttlingThatOutlastsTheRetriesFailsTheRunWithOneAlert() {
        Execution execution = interpreter("RUN", 2, n -> {
            throw new StepThrottledException("THROTTLED: slow down");
        }).run("exec-3", request());
        assertEquals("FAILED", execution.status());
        assertEquals("RunFailed", execution.error());
        assertEquals(List.of("start", "step0", "step0", "step0", "step0", "step0", "step0", "finish:FAILED"), calls, "1 try + 5 retries");
        assertEquals(5, slept.size());
        assertTrue(slept.stream().allMatch(d -> d.toMillis() <= 60_000), "MaxDelaySeconds caps each wait");
        assertEquals(1, alerts.size());
        assertEquals("filejobs:failure-topic", alerts.get(0).get("TopicArn"));
    }

    @Test
    void aStepFailureThatNoRetryMendsFailsAtOnce() {
        Execution execution = interpreter("RUN", 3, n -> {
            if (n == 1) {
                throw new StepFailedException("SOURCE_NOT_FOUND: gone");
            }
            return null;
        }).run("exec-4", request());
        assertEquals("FAILED", execution.status());
        assertEquals(List.of("start", "step0", "step1", "finish:FAILED"), calls);
        assertEquals(List.of(), slept);
        assertEquals(1, alerts.size());
    }

    @Test
    void aDuplicateTriggerEndsQuietlyAndASkippedRunAlertsButSucceeds() {
        assertEquals("SUCCEEDED", interpreter("DUPLICATE", 3, n -> null).run("exec-5", request()).status());
        assertEquals(List.of("start"), calls);
        calls.clear();
        assertEquals("SUCCEEDED", interpreter("SKIPPED", 3, n -> null).run("exec-6", request()).status());
        assertEquals(List.of("start", "finish:SKIPPED"), calls);
        assertEquals(1, alerts.size());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Wait\",\"Seconds\":1,\"End\":true}}}",
        "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Map\",\"End\":true}}}",
        "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Task\",\"Resource\":\"x\",\"TimeoutSeconds\":5,\"Next\":\"B\"},\"B\":{\"Type\":\"Succeed\"}}}",
        "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Task\",\"Resource\":\"x\",\"ResultSelector\":{},\"Next\":\"B\"},\"B\":{\"Type\":\"Succeed\"}}}",
        "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Choice\",\"Choices\":[{\"Variable\":\"$.a\",\"NumericEquals\":1,\"Next\":\"B\"}]},\"B\":{\"Type\":\"Succeed\"}}}",
        "{\"StartAt\":\"A\",\"QueryLanguage\":\"JSONata\",\"States\":{\"A\":{\"Type\":\"Succeed\"}}}",
        "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Task\",\"Resource\":\"${unbound}\",\"Next\":\"B\"},\"B\":{\"Type\":\"Succeed\"}}}",
    })
    void aConstructTheInterpreterDoesNotImplementIsRefusedByName(String definition) throws Exception {
        Map<String, Object> parsed = JSON.readValue(definition, Argument.mapOf(String.class, Object.class));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> StateMachine.of(parsed));
        assertTrue(refused.getMessage().contains("does not") || refused.getMessage().contains("placeholder"), refused.getMessage());
    }

    /**
     * A step that comes back split into shards: the Map runs each shard (its items at once, each
     * shard continuing until it has nothing to continue), then the step task joins them and the run
     * goes on.
     */
    @Test
    void aShardedStepRunsItsShardsSideBySideThenIsJoined() {
        List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        java.util.concurrent.CountDownLatch allStarted = new java.util.concurrent.CountDownLatch(3);
        Map<String, Function<Object, Object>> resources = new HashMap<>();
        java.util.concurrent.atomic.AtomicBoolean joined = new java.util.concurrent.atomic.AtomicBoolean();
        resources.put("filejobs:start-run", in -> new LinkedHashMap<>(Map.of("id", "job", "name", "n", "runId", "r", "outcome", "RUN",
                "stepCount", 1, "start", 0, "current", -1, "steps", List.of())));
        resources.put("filejobs:run-step", in -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> doc = new LinkedHashMap<>((Map<String, Object>) in);
            if (((Number) doc.get("current")).intValue() < 0) {
                doc.put("ready", joined.get() ? List.of() : List.of(Map.of("step", 0, "callback", false, "timeoutSeconds", 0)));
                doc.put("done", joined.get());
                return doc;
            }
            if (doc.containsKey("shard")) {
                int shard = ((Number) doc.get("shard")).intValue();
                int round = doc.containsKey("continuation") ? ((Number) doc.get("continuation")).intValue() : 0;
                seen.add("shard" + shard + "." + round);
                most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                if (round == 0) {
                    allStarted.countDown();
                    try {
                        // Every shard is in its first invocation at once, or the Map ran them one by one.
                        assertTrue(allStarted.await(10, java.util.concurrent.TimeUnit.SECONDS), "the shards ran one after another");
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }
                inFlight.decrementAndGet();
                if (round < 1) {
                    doc.put("continuation", round + 1);
                } else {
                    doc.remove("continuation");
                }
                return doc;
            }
            if (doc.containsKey("shards")) {
                seen.add("join");
                doc.remove("shards");
                joined.set(true);
                return doc;
            }
            seen.add("split");
            doc.put("shards", List.of(0, 1, 2));
            return doc;
        });
        resources.put("filejobs:finish-run", in -> Map.of("status", "SUCCEEDED"));
        Execution execution = new Interpreter(EmbeddedWorkflow.load(JSON), resources, slept::add, new Random(42)).run("exec-shards", request());

        assertEquals("SUCCEEDED", execution.status(), execution::toString);
        assertEquals("split", seen.get(0));
        assertEquals("join", seen.get(seen.size() - 1));
        assertEquals(java.util.Set.of("shard0.0", "shard0.1", "shard1.0", "shard1.1", "shard2.0", "shard2.1"),
                new java.util.HashSet<>(seen.subList(1, seen.size() - 1)));
        assertEquals(3, most.get());
    }

    @Test
    void aShardThatFailsFailsTheRunThroughTheMapsCatch() {
        Map<String, Function<Object, Object>> resources = new HashMap<>();
        List<String> finished = new ArrayList<>();
        resources.put("filejobs:start-run", in -> new LinkedHashMap<>(Map.of("id", "job", "name", "n", "runId", "r", "outcome", "RUN",
                "stepCount", 1, "start", 0, "current", -1, "steps", List.of())));
        resources.put("filejobs:run-step", in -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> doc = new LinkedHashMap<>((Map<String, Object>) in);
            if (((Number) doc.get("current")).intValue() < 0) {
                doc.put("ready", List.of(Map.of("step", 0, "callback", false, "timeoutSeconds", 0)));
                doc.put("done", false);
                return doc;
            }
            if (doc.containsKey("shard")) {
                if (((Number) doc.get("shard")).intValue() == 1) {
                    throw new StepFailedException("ACCESS_DENIED: shard 1 of 2: denied");
                }
                return doc;
            }
            doc.put("shards", List.of(0, 1));
            return doc;
        });
        resources.put("filejobs:finish-run", in -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> request = (Map<String, Object>) in;
            finished.add((String) request.get("outcome"));
            return Map.of("status", "FAILED", "alert", Map.of("subject", "s", "message", "m"));
        });
        resources.put("arn:aws:states:::sns:publish", in -> Map.of("MessageId", "1"));
        Execution execution = new Interpreter(EmbeddedWorkflow.load(JSON), resources, slept::add, new Random(42)).run("exec-shard-fails", request());

        assertEquals(List.of("FAILED"), finished, "the Map's Catch records the step's failure");
        assertEquals("FAILED", execution.status());
    }

    /** Steps 0 and 1 wait for nothing and run at once; step 2 waits for both. */
    @Test
    void stepsWhoseWaitsAreOverRunSideBySideAndALaterStepWaitsForAllOfThem() {
        java.util.concurrent.CountDownLatch both = new java.util.concurrent.CountDownLatch(2);
        List<Integer> endedBeforeTwo = java.util.Collections.synchronizedList(new ArrayList<>());
        Execution execution = interpreter("RUN", List.of(List.of(), List.of(), List.of(0, 1)), n -> {
            if (n < 2) {
                both.countDown();
                try {
                    assertTrue(both.await(10, java.util.concurrent.TimeUnit.SECONDS), "steps 0 and 1 ran one after the other");
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                endedBeforeTwo.add(n);
            } else {
                assertEquals(java.util.Set.of(0, 1), new java.util.HashSet<>(endedBeforeTwo), "step 2 started before its waits were over");
            }
            return null;
        }, null).run("exec-graph", request());

        assertEquals("SUCCEEDED", execution.status(), execution::toString);
        assertEquals("step2", calls.get(calls.size() - 2));
        assertEquals("finish:SUCCEEDED", calls.get(calls.size() - 1));
    }

    /** A WAIT step's task waits for its token; the answer lets the run go on, or fails it as the callback said. */
    @Test
    void aStepThatWaitsForItsCallbackHoldsTheRunUntilTheTokenIsAnswered() throws Exception {
        EmbeddedCallbacks tokens = new EmbeddedCallbacks(new RunSlots(), JSON);
        waits.add(1);
        java.util.concurrent.ExecutorService runner = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            var running = runner.submit(() -> interpreter("RUN", List.of(List.of(), List.of(0), List.of(1)), n -> null, tokens).run("exec-wait",
                    request()));
            io.filejobs.core.testing.Eventually.await("the wait", Duration.ofSeconds(10), () -> tokensSeen.containsKey(1) && tokens.waiting() == 1, b -> b);
            assertEquals(List.of("start", "step0", "step1:waits"), calls, "step 2 waits for the callback");

            assertEquals(io.filejobs.core.run.TaskCallbacks.Delivery.DELIVERED, tokens.succeed(tokensSeen.get(1), "{\"ticket\":\"closed\"}"));

            assertEquals("SUCCEEDED", running.get(10, java.util.concurrent.TimeUnit.SECONDS).status());
            assertEquals(List.of("start", "step0", "step1:waits", "step2", "finish:SUCCEEDED"), calls);
            assertEquals(io.filejobs.core.run.TaskCallbacks.Delivery.GONE, tokens.succeed(tokensSeen.get(1), "{}"), "the token is closed");
        } finally {
            runner.shutdownNow();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aCallbackThatAnswersFailedFailsTheRunWithItsError() throws Exception {
        EmbeddedCallbacks tokens = new EmbeddedCallbacks(new RunSlots(), JSON);
        waits.add(0);
        java.util.concurrent.ExecutorService runner = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            var running = runner.submit(() -> interpreter("RUN", List.of(List.of(), List.of(0)), n -> null, tokens).run("exec-rejected", request()));
            io.filejobs.core.testing.Eventually.await("the wait", Duration.ofSeconds(10), () -> tokens.waiting() == 1 && tokensSeen.containsKey(0), b -> b);

            tokens.fail(tokensSeen.get(0), "CALLBACK_REJECTED", "the ticket was refused");

            assertEquals("FAILED", running.get(10, java.util.concurrent.TimeUnit.SECONDS).status());
            assertEquals(List.of("start", "step0:waits", "finish:FAILED"), calls);
            assertEquals("CALLBACK_REJECTED", ((Map<String, Object>) failures.get(0)).get("Error"));
        } finally {
            runner.shutdownNow();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aWaitWithoutAnAnswerTimesOutAfterItsSeconds() {
        EmbeddedCallbacks tokens = new EmbeddedCallbacks(new RunSlots(), JSON);
        waits.add(0);
        long started = System.nanoTime();

        Execution execution = interpreter("RUN", List.of(List.of()), n -> null, tokens).run("exec-timeout", request());

        assertEquals("FAILED", execution.status());
        assertEquals("States.Timeout", ((Map<String, Object>) failures.get(0)).get("Error"));
        assertTrue(System.nanoTime() - started >= 1_900_000_000L, "the stand-in's timeout is 2 s");
        assertEquals(0, tokens.waiting(), "no token is left open");
    }

    /** A step that fails stops the steps running beside it at once, a waiting one included; the run fails with its error. */
    @Test
    @SuppressWarnings("unchecked")
    void aStepThatFailsStopsAWaitingStepBesideIt() {
        EmbeddedCallbacks tokens = new EmbeddedCallbacks(new RunSlots(), JSON);
        waits.add(0);
        long started = System.nanoTime();

        Execution execution = interpreter("RUN", List.of(List.of(), List.of()), n -> {
            io.filejobs.core.testing.Eventually.await("the wait", Duration.ofSeconds(10), () -> tokens.waiting() == 1, b -> b);
            throw new StepFailedException("SOURCE_NOT_FOUND: gone");
        }, tokens).run("exec-stop", request());

        assertEquals("FAILED", execution.status());
        assertEquals(StepFailedException.class.getName(), ((Map<String, Object>) failures.get(0)).get("Error"));
        assertTrue(System.nanoTime() - started < 1_900_000_000L, "the failure did not wait for the WAIT step's timeout");
        io.filejobs.core.testing.Eventually.await("the wait", Duration.ofSeconds(5), () -> tokens.waiting() == 0, b -> b);
    }

    /** The runtime stopping under a waiting run ends its execution STOPPED, recording nothing: the next start resumes the run. */
    @Test
    void aRuntimeThatStopsLeavesAWaitingRunAsItIsRecorded() throws Exception {
        EmbeddedCallbacks tokens = new EmbeddedCallbacks(new RunSlots(), JSON);
        waits.add(0);
        Interpreter interpreter = interpreter("RUN", List.of(List.of(), List.of(0)), n -> null, tokens);
        java.util.concurrent.ExecutorService runner = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            var running = runner.submit(() -> interpreter.run("exec-stopped", request()));
            io.filejobs.core.testing.Eventually.await("the wait", Duration.ofSeconds(10), () -> tokens.waiting() == 1, b -> b);

            interpreter.stop();
            tokens.release();

            assertEquals(Interpreter.STOPPED, running.get(10, java.util.concurrent.TimeUnit.SECONDS).status());
            assertEquals(List.of("start", "step0:waits"), calls, "no finish task ran");
        } finally {
            runner.shutdownNow();
        }
    }
}
