package io.filejobs.local.workflow;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test-only, on with {@code test.instant-retries=true}: the interpreter's retry waits are recorded
 * instead of slept, and nothing else changes (the S3 client keeps its own retries).
 */
@Factory
@Requires(property = "test.instant-retries", value = "true")
public class InstantRetries {

    public static final List<Duration> waits = new CopyOnWriteArrayList<>();

    @Singleton
    @Replaces(value = Interpreter.Sleeper.class, factory = RealTimeSleeper.class)
    Interpreter.Sleeper recordingSleeper() {
        return waits::add;
    }
}
