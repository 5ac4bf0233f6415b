package io.filejobs.core.metrics;

import io.filejobs.core.run.Run;
import io.filejobs.core.run.RunError;
import io.filejobs.core.run.StepRun;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.Unit;

/**
 * A run's metrics, written as Embedded Metric Format documents when the run ends: one for the run
 * ({@code Runs} and {@code RunDuration} by {@code Outcome}) and one for each step that ran
 * ({@code StepDuration}, {@code StepBytes}, {@code StepObjects}, {@code StepObjectsFailed},
 * {@code StepAttempts} by {@code Action}). The job, run and step ids, the step's outcome and the
 * error code ride along as properties, for Logs Insights; as dimensions they would make a metric
 * per job. Written once, by the task that records the run's end.
 */
@Singleton
public class RunMetrics {

    public static final String RUNS = "Runs";
    public static final String RUN_DURATION = "RunDuration";
    public static final String STEP_DURATION = "StepDuration";
    public static final String STEP_BYTES = "StepBytes";
    public static final String STEP_OBJECTS = "StepObjects";
    public static final String STEP_OBJECTS_FAILED = "StepObjectsFailed";
    public static final String STEP_ATTEMPTS = "StepAttempts";

    private static final Logger LOG = LoggerFactory.getLogger(RunMetrics.class);

    private final MetricsConfiguration configuration;
    private final MetricLines lines;

    public RunMetrics(MetricsConfiguration configuration, MetricLines lines) {
        this.configuration = configuration;
        this.lines = lines;
    }

    /** The metrics of a run as recorded at its end: its outcome, and each step that started. */
    public void ended(Run run) {
        if (!configuration.isEnabled()) {
            return;
        }
        try {
            MetricsLogger metrics = document(run.finishedAt());
            metrics.setDimensions(DimensionSet.of("Outcome", run.status().name()));
            metrics.putMetric(RUNS, 1, Unit.COUNT);
            between(run.startedAt(), run.finishedAt()).ifPresent(d -> metrics.putMetric(RUN_DURATION, d, Unit.MILLISECONDS));
            metrics.putProperty("jobId", run.jobId());
            metrics.putProperty("runId", run.runId());
            metrics.putProperty("trigger", run.trigger().name());
            if (run.error() != null) {
                error(metrics, run.error());
            }
            metrics.flush();
            for (StepRun step : run.steps()) {
                if (step.startedAt() != null) {
                    step(run, step);
                }
            }
        } catch (RuntimeException e) {
            // Metrics are a view of what the run ledger holds; losing them does not change the run.
            LOG.warn("the metrics of run {} of job {} could not be written: {}", run.runId(), run.jobId(), e.toString());
        }
    }

    /** A run that failed before it was recorded (its execution could not even create it). */
    public void failedUnrecorded(String jobId, RunError error) {
        if (!configuration.isEnabled()) {
            return;
        }
        try {
            MetricsLogger metrics = document(null);
            metrics.setDimensions(DimensionSet.of("Outcome", "FAILED"));
            metrics.putMetric(RUNS, 1, Unit.COUNT);
            metrics.putProperty("jobId", jobId);
            error(metrics, error);
            metrics.flush();
        } catch (RuntimeException e) {
            LOG.warn("the metrics of a run of job {} could not be written: {}", jobId, e.toString());
        }
    }

    private void step(Run run, StepRun step) {
        MetricsLogger metrics = document(step.finishedAt() != null ? step.finishedAt() : run.finishedAt());
        metrics.setDimensions(DimensionSet.of("Action", step.action()));
        between(step.startedAt(), step.finishedAt() != null ? step.finishedAt() : run.finishedAt())
                .ifPresent(d -> metrics.putMetric(STEP_DURATION, d, Unit.MILLISECONDS));
        if (step.bytes() != null) {
            metrics.putMetric(STEP_BYTES, step.bytes(), Unit.BYTES);
        }
        if (step.objects() != null) {
            metrics.putMetric(STEP_OBJECTS, step.objects().succeeded(), Unit.COUNT);
            metrics.putMetric(STEP_OBJECTS_FAILED, step.objects().failed(), Unit.COUNT);
        }
        metrics.putMetric(STEP_ATTEMPTS, Math.max(1, step.attempts()), Unit.COUNT);
        metrics.putProperty("jobId", run.jobId());
        metrics.putProperty("runId", run.runId());
        metrics.putProperty("stepId", step.id());
        metrics.putProperty("stepName", step.name());
        metrics.putProperty("outcome", step.status());
        if (step.error() != null) {
            error(metrics, step.error());
        }
        metrics.flush();
    }

    private MetricsLogger document(String at) {
        MetricsLogger metrics = new MetricsLogger(lines);
        metrics.setNamespace(configuration.getNamespace());
        instant(at).ifPresent(metrics::setTimestamp);
        return metrics;
    }

    private static void error(MetricsLogger metrics, RunError error) {
        metrics.putProperty("errorCode", error.code());
        if (error.stepId() != null) {
            metrics.putProperty("errorStepId", error.stepId());
        }
    }

    private static OptionalLong between(String from, String to) {
        Optional<Instant> start = instant(from);
        Optional<Instant> end = instant(to);
        if (start.isEmpty() || end.isEmpty()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.max(0, Duration.between(start.get(), end.get()).toMillis()));
    }

    private static Optional<Instant> instant(String at) {
        if (at == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(at));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
