package io.filejobs.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.filejobs.app.ApiClient;
import io.filejobs.core.testing.EmfDocuments;
import io.filejobs.core.testing.Eventually;
import io.filejobs.core.testing.MainLogging;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The embedded runtime's logging as it ships (JsonLogConfigurator): every line is
 * one JSON object, and a line about a run's step carries the job, run and step ids; a run's metrics
 * are bare Embedded Metric Format lines.
 */
class JsonLogsEndToEndTest {

    @Test
    @SuppressWarnings("unchecked")
    void aStepsLinesAreJsonWithTheJobRunAndStep() throws Exception {
        try (LocalFixture local = LocalFixture.start("logs-key", Map.of("FILEJOBS_ALLOWED_BUCKETS", "bucket1,bucket2,bucket3"), Map.of())) {
            String id = local.createCheckedJob("""
                    {"name": "logged-wait", "steps": [{"id": 0, "name": "approval", "action": "WAIT", "for": "CALLBACK", "timeout": "PT10M"}]}
                    """);
            ApiClient.Response started = local.call("POST", "/jobs/" + id + "/runs", null);
            String runId = (String) started.json().get("runId");
            Eventually.await("run " + runId + " waiting", Duration.ofSeconds(30),
                    () -> local.call("GET", "/jobs/" + id + "/runs/" + runId, null).json().get("status"), "WAITING"::equals);

            List<String> lines = MainLogging.capture(() -> {
                local.call("POST", "/jobs/" + id + "/runs/" + runId + "/steps/0/callback", "{\"outcome\": \"SUCCEEDED\"}");
                return Eventually.await("run " + runId + " succeeded", Duration.ofSeconds(30),
                        () -> local.call("GET", "/jobs/" + id + "/runs/" + runId, null).json().get("status"), "SUCCEEDED"::equals);
            }, written -> EmfDocuments.of(written).stream().filter(d -> runId.equals(d.get("runId"))).count() == 2, Duration.ofSeconds(10));

            JsonMapper json = JsonMapper.createDefault();
            List<Map<String, Object>> aboutTheStep = new ArrayList<>();
            for (String line : lines.stream().filter(l -> !l.contains("\"_aws\"")).toList()) {
                Map<String, Object> parsed = json.readValue(line, Argument.mapOf(String.class, Object.class));
                if (String.valueOf(parsed.get("formattedMessage")).contains("answered SUCCEEDED by its callback")) {
                    aboutTheStep.add(parsed);
                }
            }
            assertFalse(aboutTheStep.isEmpty(), "the callback is logged: " + lines);
            Map<String, Object> mdc = (Map<String, Object>) aboutTheStep.get(0).get("mdc");
            assertEquals(Map.of("jobId", id, "runId", runId, "stepId", "0"), Map.of("jobId", mdc.get("jobId"), "runId", mdc.get("runId"),
                    "stepId", mdc.get("stepId")));
            assertEquals("INFO", aboutTheStep.get(0).get("level"));

            // The run's end writes its metrics: bare Embedded Metric Format lines, the run's and its step's.
            List<Map<String, Object>> metrics = EmfDocuments.of(lines).stream().filter(d -> runId.equals(d.get("runId"))).toList();
            assertEquals(2, metrics.size(), "the run's and the step's metric documents: " + lines);
            assertEquals("SUCCEEDED", metrics.get(0).get("Outcome"));
            assertEquals("WAIT", metrics.get(1).get("Action"));
            assertEquals("approval", metrics.get(1).get("stepName"));
        }
    }
}
