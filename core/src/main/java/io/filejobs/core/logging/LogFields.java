package io.filejobs.core.logging;

import io.micronaut.core.annotation.Nullable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.MDC;

/**
 * The job, run and step a piece of work is about, put on every log line written meanwhile (as MDC
 * fields, which the JSON log encoder writes out), and taken off again when the work is done:
 * {@code try (LogFields fields = LogFields.of(jobId, runId, stepId)) { ... }}. Whatever the fields
 * held before comes back on close, so nested work keeps its caller's fields.
 */
public final class LogFields implements AutoCloseable {

    public static final String JOB_ID = "jobId";
    public static final String RUN_ID = "runId";
    public static final String STEP_ID = "stepId";

    private final Map<String, String> before = new LinkedHashMap<>();

    private LogFields(Map<String, String> fields) {
        fields.forEach((name, value) -> {
            before.put(name, MDC.get(name));
            MDC.put(name, value);
        });
    }

    /** The fields that are known; a null one is left as it was. */
    public static LogFields of(@Nullable String jobId, @Nullable String runId, @Nullable Object stepId) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (jobId != null) {
            fields.put(JOB_ID, jobId);
        }
        if (runId != null) {
            fields.put(RUN_ID, runId);
        }
        if (stepId != null) {
            fields.put(STEP_ID, stepId.toString());
        }
        return new LogFields(fields);
    }

    @Override
    public void close() {
        before.forEach((name, value) -> {
            if (value == null) {
                MDC.remove(name);
            } else {
                MDC.put(name, value);
            }
        });
    }
}
