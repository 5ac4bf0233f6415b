package io.filejobs.core.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import io.filejobs.core.metrics.MetricLines;

/**
 * The logging of every FileJobs process (the Lambdas and the embedded runtime), set up in code
 * rather than from a logback.xml: parsing one costs a Lambda about a tenth of a second of its cold
 * start. Logback finds this class through {@code META-INF/services}.
 *
 * <ul>
 *   <li>Every line is one JSON object: timestamp, level, thread, logger, the formatted message, any
 *       exception, and the MDC fields: jobId, runId and stepId where the work has them
 *       ({@link LogFields}), and on Lambda the request id and function (AWSRequestId,
 *       AWSFunctionName, ...), which Micronaut's handlers put there. CloudWatch Logs Insights reads
 *       them as {@code mdc.jobId} and so on.</li>
 *   <li>Run and step metrics (logger {@value MetricLines#LOGGER}) are written as the bare Embedded
 *       Metric Format document, which CloudWatch Logs turns into metrics; wrapped in JSON they would
 *       not be read.</li>
 *   <li>FileJobs logs at INFO, everything else at WARN (the embedded stores are chatty at INFO).</li>
 * </ul>
 *
 * A logback configuration given in the usual ways still wins: {@code -Dlogback.configurationFile},
 * or a {@code logback-test.xml} or {@code logback.xml} on the class path (the tests have one).
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public class JsonLogConfigurator extends ContextAwareBase implements Configurator {

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        ClassLoader loader = JsonLogConfigurator.class.getClassLoader();
        if (System.getProperty("logback.configurationFile") != null || loader.getResource("logback-test.xml") != null
                || loader.getResource("logback.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        apply(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Sets FileJobs' logging up on a context that has none (a fresh or reset one), whatever else the class path holds. */
    public static void apply(LoggerContext context) {
        JsonEncoder json = new JsonEncoder();
        json.setWithSequenceNumber(false);
        json.setWithNanoseconds(false);
        json.setWithContext(false);
        json.setWithMessage(false);
        json.setWithArguments(false);
        json.setWithFormattedMessage(true);
        PatternLayoutEncoder bare = new PatternLayoutEncoder();
        bare.setPattern("%msg%n");

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(console(context, "STDOUT", json));
        context.getLogger("io.filejobs").setLevel(Level.INFO);
        Logger metrics = context.getLogger(MetricLines.LOGGER);
        metrics.setLevel(Level.INFO);
        metrics.setAdditive(false);
        metrics.addAppender(console(context, "METRICS", bare));
    }

    private static ConsoleAppender<ILoggingEvent> console(LoggerContext context, String name, Encoder<ILoggingEvent> encoder) {
        encoder.setContext(context);
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName(name);
        appender.setEncoder(encoder);
        appender.start();
        return appender;
    }
}
