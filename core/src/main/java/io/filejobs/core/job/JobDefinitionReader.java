package io.filejobs.core.job;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.filejobs.core.error.ErrorCode;
import io.filejobs.core.error.FieldError;
import io.filejobs.core.error.FileJobsException;
import io.filejobs.core.step.StepAction;
import io.filejobs.core.step.StepActions;
import io.filejobs.core.step.StepSpec;
import io.filejobs.core.trigger.JobTrigger;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a job definition from a request body, strictly: unknown fields and wrong types are refused
 * naming the field; the fields the server owns are ignored. The rules on values are
 * {@link JobDefinitionValidator}'s.
 */
@Singleton
public class JobDefinitionReader {

    /** Fields the server owns: accepted in a body (so a GET result can be PUT back) and ignored. */
    static final Set<String> SERVER_FIELDS = Set.of("id", "version", "createdAt", "updatedAt", "validation", "nextRuns");
    static final Set<String> JOB_FIELDS = Set.of("name", "description", "schedule", "timezone", "state", "overlap", "triggers",
            "steps");
    static final List<String> TRIGGER_FIELDS = List.of("type", "prefix", "match");
    /** The fields of every step; its action names the rest ({@link StepAction#fields()}). */
    static final List<String> STEP_FIELDS = List.of("id", "name", "action", "after");

    /** Refuses a duplicated field: which of two values was meant cannot be known. */
    private static final JsonFactory STRICT = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private final JsonMapper jsonMapper;
    private final StepActions actions;

    public JobDefinitionReader(JsonMapper jsonMapper, StepActions actions) {
        this.jsonMapper = jsonMapper;
        this.actions = actions;
    }

    public JobDefinition read(byte[] body) {
        if (body == null || body.length == 0) {
            throw new FileJobsException(ErrorCode.MALFORMED_REQUEST, "the request body is empty; send the job as a JSON object");
        }
        String text = utf8(body);
        JsonNode root;
        try {
            requireOneJsonValue(text);
            root = jsonMapper.readValue(text, Argument.of(JsonNode.class));
        } catch (IOException | RuntimeException e) {
            throw new FileJobsException(ErrorCode.MALFORMED_REQUEST, "the request body is not valid JSON: " + describe(e), List.of(), e);
        }
        if (root == null || !root.isObject()) {
            throw new FileJobsException(ErrorCode.MALFORMED_REQUEST, "the request body must be a JSON object");
        }
        FieldReader errors = new FieldReader();
        for (Map.Entry<String, JsonNode> entry : root.entries()) {
            String field = entry.getKey();
            if (!JOB_FIELDS.contains(field) && !SERVER_FIELDS.contains(field)) {
                errors.add(field, "unknown field; a job has " + String.join(", ", sorted(JOB_FIELDS)));
            }
        }
        String name = errors.string(root, "name", "name", true);
        String description = errors.string(root, "description", "description", false);
        String schedule = errors.string(root, "schedule", "schedule", false);
        String timezone = errors.string(root, "timezone", "timezone", false);
        JobState state = errors.enumValue(root, "state", "state", JobState.class, JobState.ENABLED);
        OverlapPolicy overlap = errors.enumValue(root, "overlap", "overlap", OverlapPolicy.class, OverlapPolicy.SKIP);
        List<JobTrigger> triggers = readTriggers(root.get("triggers"), errors);
        List<Step> steps = readSteps(root.get("steps"), errors);
        if (!errors.errors().isEmpty()) {
            throw FileJobsException.validation(errors.errors());
        }
        return new JobDefinition(name, description, schedule, timezone == null ? JobDefinition.DEFAULT_TIMEZONE : timezone, state, steps,
                overlap, triggers);
    }

    private static List<JobTrigger> readTriggers(JsonNode node, FieldReader errors) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            errors.add("triggers", "must be a list of triggers such as {\"type\": \"OBJECT_CREATED\", \"prefix\": \"bucket/landing/\"}");
            return List.of();
        }
        List<JobTrigger> triggers = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String path = "triggers[" + i + "]";
            JsonNode trigger = node.get(i);
            if (!trigger.isObject()) {
                errors.add(path, "must be an object with type, prefix and match");
                continue;
            }
            for (Map.Entry<String, JsonNode> entry : trigger.entries()) {
                if (!TRIGGER_FIELDS.contains(entry.getKey())) {
                    errors.add(path + "." + entry.getKey(), "is not allowed: a trigger has " + String.join(", ", TRIGGER_FIELDS));
                }
            }
            JobTrigger.Type type = errors.enumValue(trigger, "type", path + ".type", JobTrigger.Type.class, null);
            String prefix = errors.string(trigger, "prefix", path + ".prefix", true);
            String match = errors.string(trigger, "match", path + ".match", false);
            if (type != null && prefix != null) {
                triggers.add(new JobTrigger(type, prefix, match));
            }
        }
        return triggers;
    }

    private List<Step> readSteps(JsonNode node, FieldReader errors) {
        if (node == null || node.isNull()) {
            errors.add("steps", "is required: a list of at least one step");
            return List.of();
        }
        if (!node.isArray()) {
            errors.add("steps", "must be a list of steps");
            return List.of();
        }
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String path = "steps[" + i + "]";
            JsonNode step = node.get(i);
            if (!step.isObject()) {
                errors.add(path, "must be an object with id, name, action and the action's objects");
                continue;
            }
            Integer id = errors.integer(step, "id", path + ".id");
            String name = errors.string(step, "name", path + ".name", true);
            String actionName = errors.oneOf(step, "action", path + ".action", actions.names(), true);
            if (actionName == null) {
                // Which other fields belong to the step depends on its action.
                continue;
            }
            StepAction<?> action = actions.get(actionName);
            List<String> fields = new ArrayList<>(STEP_FIELDS);
            fields.addAll(action.fields());
            for (Map.Entry<String, JsonNode> entry : step.entries()) {
                if (!fields.contains(entry.getKey())) {
                    errors.add(path + "." + entry.getKey(), "is not allowed: a " + actionName + " step has " + String.join(", ", fields));
                }
            }
            StepSpec spec = action.read(new StepFields(step, path, errors));
            steps.add(new Step(id == null ? -1 : id, name, spec, readAfter(step.get("after"), path + ".after", errors)));
        }
        return steps;
    }

    /** A step's {@code after}: a list of step ids (whole numbers); absent or null means the step before. */
    private static List<Integer> readAfter(JsonNode node, String path, FieldReader errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            errors.add(path, "must be a list of the ids of the steps this one waits for, such as [0, 1] ([] for none)");
            return null;
        }
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            Object number = item.isNumber() ? item.getNumberValue() : null;
            if (number instanceof Integer || number instanceof Long || number instanceof Short || number instanceof Byte) {
                long id = ((Number) number).longValue();
                if (id >= 0 && id <= Integer.MAX_VALUE) {
                    ids.add((int) id);
                    continue;
                }
            }
            errors.add(path + "[" + i + "]", "must be the id of a step (a whole number from 0)");
        }
        return ids;
    }

    /**
     * The body as text: well-formed UTF-8 only. Bytes that are not (an overlong sequence that would
     * read as '/', say), a byte order mark, and NUL characters (a UTF-16 or UTF-32 body, which
     * JSON's parser would otherwise detect and accept) are refused.
     */
    private static String utf8(byte[] body) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new FileJobsException(ErrorCode.MALFORMED_REQUEST, "the request body is not well-formed UTF-8; send the job as UTF-8 JSON");
        }
        if (text.startsWith("\uFEFF")) {
            throw new FileJobsException(ErrorCode.MALFORMED_REQUEST, "the request body starts with a byte order mark; send UTF-8 JSON without one");
        }
        if (text.indexOf('\u0000') >= 0) {
            throw new FileJobsException(ErrorCode.MALFORMED_REQUEST,
                    "the request body holds NUL characters; send the job as UTF-8 JSON (not UTF-16 or UTF-32)");
        }
        return text;
    }

    /** What was wrong with the JSON, in words and with a position, without the parser's internals. */
    private static String describe(Exception e) {
        String message = e instanceof JsonProcessingException json ? json.getOriginalMessage() : firstLine(e.getMessage());
        if (message == null) {
            message = "unreadable";
        }
        // The parser names its own settings (", from `StreamReadConstraints.getMaxNestingDepth()`").
        message = message.replaceAll(",?\\s*from `[^`]*`", "").replaceAll("`[^`]*`", "a setting");
        if (e instanceof JsonProcessingException json && json.getLocation() != null && json.getLocation().getLineNr() > 0) {
            message += " (line " + json.getLocation().getLineNr() + ", column " + json.getLocation().getColumnNr() + ")";
        }
        return message;
    }

    /** The body must be exactly one JSON value, without duplicated fields or anything after it. */
    private static void requireOneJsonValue(String body) throws IOException {
        try (JsonParser parser = STRICT.createParser(body)) {
            if (parser.nextToken() == null) {
                throw new IOException("no JSON value");
            }
            parser.skipChildren();
            if (parser.nextToken() != null) {
                throw new IOException("unexpected content after the JSON value at " + parser.currentLocation().offsetDescription());
            }
        }
    }

    private static List<String> sorted(Set<String> names) {
        return names.stream().sorted().toList();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
