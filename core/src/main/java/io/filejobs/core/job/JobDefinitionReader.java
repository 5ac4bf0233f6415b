package io.filejobs.core.job;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.filejobs.core.error.ErrorCode;
import io.filejobs.core.error.FieldError;
import io.filejobs.core.error.FileJobsException;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
    static final Set<String> JOB_FIELDS = Set.of("name", "description", "schedule", "timezone", "state", "overlap", "steps");
    static final Set<String> STEP_FIELDS = Set.of("id", "name", "action", "source", "sources", "destination");

    /** Refuses a duplicated field: which of two values was meant cannot be known. */
    private static final JsonFactory STRICT = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private final JsonMapper jsonMapper;

    public JobDefinitionReader(JsonMapper jsonMapper) {
        this.jsonMapper = jsonMapper;
    }

    public JobDefinition read(byte[] body) {
        if (body == null || body.length == 0) {
            throw new FileJobsException(ErrorCode.MALFORMED_REQUEST, "the request body is empty; send the job as a JSON object");
        }
        JsonNode root;
        try {
            requireOneJsonValue(body);
            root = jsonMapper.readValue(body, Argument.of(JsonNode.class));
        } catch (IOException | RuntimeException e) {
            throw new FileJobsException(ErrorCode.MALFORMED_REQUEST, "the request body is not valid JSON: " + firstLine(e.getMessage()),
                    List.of(), e);
        }
        if (root == null || !root.isObject()) {
            throw new FileJobsException(ErrorCode.MALFORMED_REQUEST, "the request body must be a JSON object");
        }
        Errors errors = new Errors();
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
        List<Step> steps = readSteps(root.get("steps"), errors);
        if (!errors.list.isEmpty()) {
            throw FileJobsException.validation(errors.list);
        }
        return new JobDefinition(name, description, schedule, timezone == null ? JobDefinition.DEFAULT_TIMEZONE : timezone, state, steps,
                overlap);
    }

    private List<Step> readSteps(JsonNode node, Errors errors) {
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
            for (Map.Entry<String, JsonNode> entry : step.entries()) {
                if (!STEP_FIELDS.contains(entry.getKey())) {
                    errors.add(path + "." + entry.getKey(), "unknown field; a step has " + String.join(", ", sorted(STEP_FIELDS)));
                }
            }
            Integer id = errors.integer(step, "id", path + ".id");
            String name = errors.string(step, "name", path + ".name", true);
            StepAction action = errors.enumValue(step, "action", path + ".action", StepAction.class, null);
            String source = errors.string(step, "source", path + ".source", false);
            List<String> sources = errors.strings(step, "sources", path + ".sources");
            String destination = errors.string(step, "destination", path + ".destination", false);
            steps.add(new Step(id == null ? -1 : id, name, action, source, sources, destination));
        }
        return steps;
    }

    /** The body must be exactly one JSON value, without duplicated fields or anything after it. */
    private static void requireOneJsonValue(byte[] body) throws IOException {
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

    /** Collects errors while reading typed values out of JSON objects. */
    private static final class Errors {
        final List<FieldError> list = new ArrayList<>();

        void add(String field, String message) {
            list.add(new FieldError(field, message));
        }

        String string(JsonNode object, String key, String path, boolean required) {
            JsonNode value = object.get(key);
            if (value == null || value.isNull()) {
                if (required) {
                    add(path, "is required");
                }
                return null;
            }
            if (!value.isString()) {
                add(path, "must be a string");
                return null;
            }
            return value.getStringValue();
        }

        Integer integer(JsonNode object, String key, String path) {
            JsonNode value = object.get(key);
            if (value == null || value.isNull()) {
                add(path, "is required");
                return null;
            }
            if (!value.isNumber()) {
                add(path, "must be a whole number");
                return null;
            }
            try {
                return new BigDecimal(value.getNumberValue().toString()).intValueExact();
            } catch (ArithmeticException | NumberFormatException e) {
                add(path, "must be a whole number, got " + value.getNumberValue());
                return null;
            }
        }

        List<String> strings(JsonNode object, String key, String path) {
            JsonNode value = object.get(key);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isArray()) {
                add(path, "must be a list of object names");
                return null;
            }
            List<String> result = new ArrayList<>();
            for (int i = 0; i < value.size(); i++) {
                JsonNode item = value.get(i);
                if (!item.isString()) {
                    add(path + "[" + i + "]", "must be a string");
                } else {
                    result.add(item.getStringValue());
                }
            }
            return result;
        }

        <E extends Enum<E>> E enumValue(JsonNode object, String key, String path, Class<E> type, E absent) {
            String text = string(object, key, path, absent == null);
            if (text == null) {
                return absent;
            }
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equals(text)) {
                    return constant;
                }
            }
            List<String> allowed = new ArrayList<>();
            for (E constant : type.getEnumConstants()) {
                allowed.add(constant.name());
            }
            String hint = allowed.contains(text.toUpperCase(Locale.ROOT)) ? " (values are upper case)" : "";
            add(path, "must be one of " + String.join(", ", allowed) + hint + "; got '" + text + "'");
            return null;
        }
    }
}
