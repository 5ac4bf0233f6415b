package io.filejobs.core.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import io.filejobs.core.metrics.MetricLines;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class JsonLogConfiguratorTest {

    @Test
    void logbackFindsItAsAService() {
        assertEquals(1, ServiceLoader.load(Configurator.class).stream().filter(p -> p.type() == JsonLogConfigurator.class).count());
    }

    @Test
    void aLogbackFileOnTheClassPathWins() {
        // The tests' logback-test.xml is on this class path: logback goes on to read it.
        LoggerContext context = new LoggerContext();
        JsonLogConfigurator configurator = new JsonLogConfigurator();
        configurator.setContext(context);
        assertEquals(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY, configurator.configure(context));
        assertFalse(context.getLogger("ROOT").iteratorForAppenders().hasNext(), "nothing set up");
    }

    @Test
    void appliedItLogsFileJobsAtInfoAndTheRestAtWarnAndMetricsOnTheirOwn() {
        LoggerContext context = new LoggerContext();
        JsonLogConfigurator.apply(context);
        assertEquals(Level.WARN, context.getLogger("ROOT").getLevel());
        assertEquals(Level.INFO, context.getLogger("io.filejobs.core.run").getEffectiveLevel());
        assertEquals(Level.WARN, context.getLogger("org.gaul.s3proxy").getEffectiveLevel());
        assertNotNull(context.getLogger("ROOT").getAppender("STDOUT"));
        assertFalse(context.getLogger(MetricLines.LOGGER).isAdditive(), "metric documents are not also wrapped in JSON");
        assertNotNull(context.getLogger(MetricLines.LOGGER).getAppender("METRICS"));
    }
}
