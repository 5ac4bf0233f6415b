package io.filejobs.local.workflow;

import io.filejobs.core.run.FailureAlerts;
import io.filejobs.core.run.FinishResult;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the embedded runtime sends what the SNS failure topic receives on AWS: one JSON line per
 * alert in {@code notifications.jsonl} under the data directory, and the log.
 */
@Singleton
public class NotificationLog implements FailureAlerts {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationLog.class);

    private final Path file;
    private final JsonMapper json;
    private final Clock clock;

    public NotificationLog(@Value("${filejobs.local.data-dir}") Path dataDir, JsonMapper json, Clock clock) {
        this.file = dataDir.resolve("notifications.jsonl");
        this.json = json;
        this.clock = clock;
    }

    public Path file() {
        return file;
    }

    /** An alert or notice the application sends itself (a WAIT step's notice that it waits, say). */
    @Override
    public void publish(FinishResult.Alert alert) {
        publish(Map.of("TopicArn", EmbeddedWorkflow.PLACEHOLDERS.get("${failure_topic_arn}"), "Subject", alert.subject(), "Message",
                alert.message()));
    }

    /** Takes the parameters of the state machine's sns:publish task. */
    public synchronized Map<String, Object> publish(Map<String, Object> parameters) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", clock.instant().toString());
        line.put("topic", parameters.get("TopicArn"));
        line.put("subject", parameters.get("Subject"));
        Object message = parameters.get("Message");
        try {
            line.put("message", json.readValue((String) message, Argument.mapOf(String.class, Object.class)));
        } catch (IOException | RuntimeException notJson) {
            line.put("message", message);
        }
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, json.writeValueAsString(line) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("could not append to " + file, e);
        }
        LOG.warn("{}: {}", parameters.get("Subject"), message);
        return Map.of("MessageId", "local-" + clock.millis());
    }
}
