package io.filejobs.steplambdas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.CustomPojoSerializer;
import io.filejobs.core.run.FinishRequest;
import io.filejobs.core.run.FinishResult;
import io.filejobs.core.run.RunRequest;
import io.filejobs.core.trigger.Trigger;
import io.micronaut.function.aws.JsonMapperCustomPojoSerializer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * The Lambda Java runtime turns a task's JSON into the handler's input with the one
 * CustomPojoSerializer it finds through ServiceLoader; without one it uses its own, which does not
 * know Micronaut's serde annotations. These handlers take and return records, so the jar must
 * register Micronaut's.
 */
class LambdaSerializationTest {

    private static CustomPojoSerializer serializer() {
        List<CustomPojoSerializer> found = ServiceLoader.load(CustomPojoSerializer.class).stream().map(ServiceLoader.Provider::get).toList();
        assertEquals(1, found.size(), "exactly one CustomPojoSerializer must be registered, found " + found);
        return found.get(0);
    }

    @Test
    void theRuntimeFindsMicronautsSerializer() {
        assertInstanceOf(JsonMapperCustomPojoSerializer.class, serializer());
    }

    @Test
    void aTaskInputAsStepFunctionsSendsItReadsIntoTheRecords() {
        RunRequest request = serializer().fromJson(
                "{\"jobId\":\"abcdefghijklm\",\"trigger\":\"SCHEDULE\",\"scheduledTime\":\"2026-11-22T01:00:00Z\"}", RunRequest.class);
        assertEquals(new RunRequest("abcdefghijklm", Trigger.SCHEDULE, "2026-11-22T01:00:00Z", null, false), request);

        FinishRequest finish = serializer().fromJson("{\"outcome\":\"FAILED\",\"request\":{\"jobId\":\"abcdefghijklm\",\"trigger\":\"MANUAL\"},"
                + "\"executionId\":\"arn:aws:states:us-east-1:1:execution:m:e\",\"failure\":{\"Error\":\"States.Timeout\",\"Cause\":\"x\"}}",
                FinishRequest.class);
        assertEquals("States.Timeout", finish.failure().Error());
        assertEquals("abcdefghijklm", finish.request().jobId());
    }

    @Test
    void aResultIsWrittenWithTheFieldNamesTheStateMachineReads() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        serializer().toJson(new FinishResult("FAILED", new FinishResult.Alert("subject", "message")), out, FinishResult.class);
        String json = out.toString(StandardCharsets.UTF_8);
        assertTrue(json.contains("\"status\":\"FAILED\"") && json.contains("\"alert\":{\"subject\":\"subject\",\"message\":\"message\"}"), json);
    }
}
