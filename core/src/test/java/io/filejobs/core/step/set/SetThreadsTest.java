package io.filejobs.core.step.set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.filejobs.core.step.Invocation;
import io.filejobs.core.step.StepContext;
import io.filejobs.core.step.StepOutcome;
import io.filejobs.core.step.StepsConfiguration;
import io.filejobs.core.template.TemplateValues;
import io.filejobs.core.testing.TestActions;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Set steps running side by side in one JVM (the embedded runtime's shards) share
 * {@code filejobs.steps.set-threads} threads: together they never have more objects in flight, or
 * more threads, than that, while each keeps its own {@code set-concurrency}.
 */
class SetThreadsTest {

    private static ApplicationContext context;
    private static S3Client s3;

    @BeforeAll
    static void start() throws Exception {
        context = ApplicationContext.run(Map.of(
                "filejobs.embedded.s3.enabled", true, "filejobs.embedded.s3.port", 0,
                "filejobs.embedded.s3.dir", Files.createTempDirectory("set-threads").toString(), "aws.region", "us-east-1"));
        s3 = context.getBean(S3Client.class);
        s3.createBucket(b -> b.bucket("threads"));
        for (int i = 0; i < 60; i++) {
            int n = i;
            s3.putObject(b -> b.bucket("threads").key("in/f" + n), RequestBody.fromString("x"));
        }
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @Test
    void stepsSideBySideShareTheThreadsOfTheJvmAndEachKeepsItsOwnConcurrency() throws Exception {
        StepsConfiguration steps = new StepsConfiguration();
        steps.setSetConcurrency(3);
        steps.setSetThreads(4);
        ObjectSetRunner runner = TestActions.sets(s3, steps);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        int runs = 3;
        List<AtomicInteger> ownInFlight = new ArrayList<>();
        List<AtomicInteger> ownMost = new ArrayList<>();
        CountDownLatch together = new CountDownLatch(runs);
        ExecutorService callers = Executors.newFixedThreadPool(runs);
        try {
            List<Future<StepOutcome>> outcomes = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                AtomicInteger own = new AtomicInteger();
                AtomicInteger ownPeak = new AtomicInteger();
                ownInFlight.add(own);
                ownMost.add(ownPeak);
                outcomes.add(callers.submit(() -> {
                    together.countDown();
                    together.await();
                    StepContext step = new StepContext(null, Invocation.UNRECORDED, TestActions.values(), JsonMapper.createDefault());
                    return runner.run(new ObjectSelector("threads/in/", null, ObjectSelector.Order.KEY, ObjectSelector.IfEmpty.FAIL),
                            step, member -> {
                                threads.add(Thread.currentThread().getName());
                                most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                                ownPeak.accumulateAndGet(own.incrementAndGet(), Math::max);
                                try {
                                    Thread.sleep(20);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                                own.decrementAndGet();
                                inFlight.decrementAndGet();
                                return new ObjectSetRunner.Handled(member.size(), List.of());
                            });
                }));
            }
            for (Future<StepOutcome> outcome : outcomes) {
                assertEquals(60, outcome.get(60, TimeUnit.SECONDS).objects().succeeded());
            }
        } finally {
            callers.shutdownNow();
        }
        assertEquals(4, most.get(), "three steps of 3 in flight each, on 4 shared threads");
        assertTrue(threads.size() <= 4, "threads used: " + threads);
        for (AtomicInteger peak : ownMost) {
            assertTrue(peak.get() <= 3, "one step had " + peak.get() + " objects in flight");
        }
    }
}
