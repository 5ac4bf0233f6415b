package io.filejobs.core.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waiting on work that goes on elsewhere (the embedded runtime's runs, checks and scheduler; an
 * execution on an emulator) through what it shows.
 */
public final class Eventually {

    private static final Duration POLL = Duration.ofMillis(25);

    private Eventually() {
    }

    /** Reads until {@code done} holds, and returns that reading; fails after {@code limit}. */
    public static <T> T await(String what, Duration limit, Supplier<T> read, Predicate<T> done) {
        Instant deadline = Instant.now().plus(limit);
        T value = read.get();
        while (!done.test(value)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(what + " did not happen in " + limit.toSeconds() + " s; last seen: " + value);
            }
            pause();
            value = read.get();
        }
        return value;
    }

    /** Checks that {@code condition} stays true for {@code span}, failing as soon as it does not. */
    public static void holdsFor(String what, Duration span, BooleanSupplier condition) {
        Instant end = Instant.now().plus(span);
        while (Instant.now().isBefore(end)) {
            if (!condition.getAsBoolean()) {
                throw new AssertionError(what + " stopped holding");
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }
}
