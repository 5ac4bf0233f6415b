package io.filejobs.core.snapstart;

import io.filejobs.core.job.JobDefinitionReader;
import io.filejobs.core.job.JobStreamEvent;
import io.filejobs.core.run.ExecutionDocument;
import io.filejobs.core.run.ExecutionStatusEvent;
import io.filejobs.core.run.FinishRequest;
import io.filejobs.core.run.FinishResult;
import io.filejobs.core.run.RunRequest;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.util.Map;

/**
 * Reads and writes one of each document that crosses a Lambda's boundary or is stored as JSON: a
 * job definition, the state machine's documents, and the events that feed the handlers. The first
 * read of each type builds its serde introspection, which is what the snapshot keeps.
 */
@Singleton
public class SerdePrimer implements Primer {

    private static final String STEPS = "[{\"id\":0,\"name\":\"copy\",\"action\":\"COPY\",\"source\":\"b/in/a\",\"destination\":\"b/out/a\"},"
            + "{\"id\":1,\"name\":\"merge\",\"action\":\"MERGE\",\"sources\":[\"b/out/a\",\"b/in/b\"],\"destination\":\"b/out/m\"},"
            + "{\"id\":2,\"name\":\"move\",\"action\":\"MOVE\",\"source\":\"b/out/m\",\"destination\":\"b/done/m\"},"
            + "{\"id\":3,\"name\":\"delete\",\"action\":\"DELETE\",\"source\":\"b/in/a\"}]";
    private static final String REQUEST = "{\"jobId\":\"primingprimin\",\"trigger\":\"SCHEDULE\",\"scheduledTime\":\"2026-01-01T01:00:00Z\"}";
    private static final String DOCUMENT = "{\"id\":\"primingprimin\",\"name\":\"priming\",\"runId\":\"20260101T010000000Z-s0000000\","
            + "\"outcome\":\"RUN\",\"stepCount\":2,\"start\":0,\"current\":1,"
            + "\"steps\":[{\"id\":0,\"name\":\"copy\",\"action\":\"COPY\"},{\"id\":1,\"name\":\"merge\",\"action\":\"MERGE\"}],"
            + "\"continuation\":{\"uploadId\":\"u\",\"sources\":\"s\",\"partsDone\":1,\"parts\":2,\"bytesDone\":5242880,\"invocations\":1}}";

    /** Each type with a document of it, as the handlers receive or store it. */
    private static final String DEFINITION = "{\"name\":\"priming\",\"schedule\":\"cron(0 1 * * ? *)\",\"timezone\":\"Europe/Berlin\","
            + "\"state\":\"ENABLED\",\"steps\":" + STEPS + "}";
    static final Map<Class<?>, String> SAMPLES = Map.of(
            RunRequest.class, REQUEST,
            ExecutionDocument.class, DOCUMENT,
            FinishRequest.class, "{\"outcome\":\"FAILED\",\"request\":" + REQUEST + ",\"run\":" + DOCUMENT
                    + ",\"executionId\":\"arn:aws:states:us-east-1:123456789012:execution:m:e\",\"failure\":{\"Error\":\"E\",\"Cause\":\"c\"}}",
            FinishResult.class, "{\"status\":\"FAILED\",\"alert\":{\"subject\":\"s\",\"message\":\"m\"}}",
            JobStreamEvent.class, "{\"Records\":[{\"eventName\":\"INSERT\",\"dynamodb\":{\"Keys\":{\"jobId\":{\"S\":\"primingprimin\"}},"
                    + "\"NewImage\":{\"jobId\":{\"S\":\"primingprimin\"},\"version\":{\"N\":\"1\"},\"validationStatus\":{\"S\":\"PENDING\"}}}}]}",
            ExecutionStatusEvent.class, "{\"detail\":{\"executionArn\":\"arn:aws:states:us-east-1:123456789012:execution:m:e\","
                    + "\"status\":\"TIMED_OUT\",\"input\":" + "\"{}\"" + "}}");

    private final JsonMapper json;
    private final JobDefinitionReader definitions;

    public SerdePrimer(JsonMapper json, JobDefinitionReader definitions) {
        this.json = json;
        this.definitions = definitions;
    }

    @Override
    public String name() {
        return "serde";
    }

    @Override
    public void prime() throws Exception {
        // Definitions are read step by step by their actions, and written as one document.
        json.writeValueAsString(definitions.read(DEFINITION.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        for (var sample : SAMPLES.entrySet()) {
            Object value = json.readValue(sample.getValue(), sample.getKey());
            json.writeValueAsString(value);
        }
    }
}
