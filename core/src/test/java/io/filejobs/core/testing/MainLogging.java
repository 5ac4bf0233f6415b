package io.filejobs.core.testing;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import io.filejobs.core.logging.JsonLogConfigurator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;

/**
 * Runs a piece of a test with the logging the deployables ship ({@link JsonLogConfigurator}, not the
 * tests' {@code logback-test.xml}) and returns the lines it wrote to standard output.
 */
public final class MainLogging {

    private MainLogging() {
    }

    public static List<String> capture(Callable<?> work) throws Exception {
        return capture(work, lines -> true, Duration.ZERO);
    }

    /**
     * As {@link #capture(Callable)}, and after {@code work} keeps capturing until the lines written
     * so far satisfy {@code done} (work a thread of its own finishes later), for at most {@code limit}.
     */
    public static List<String> capture(Callable<?> work, Predicate<List<String>> done, Duration limit) throws Exception {
        LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            logging.reset();
            JsonLogConfigurator.apply(logging);
            work.call();
            long until = System.nanoTime() + limit.toNanos();
            while (!done.test(lines(captured)) && System.nanoTime() < until) {
                Thread.sleep(50);
            }
        } finally {
            System.setOut(original);
            logging.reset();
            new ContextInitializer(logging).autoConfig();
        }
        return lines(captured);
    }

    private static List<String> lines(ByteArrayOutputStream captured) {
        return captured.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
    }
}
