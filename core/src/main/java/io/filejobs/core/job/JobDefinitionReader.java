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
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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
            return wellFormed(value.getStringValue(), path);
        }

        /** The string, or null (with an error) when it holds a surrogate without its pair, which no encoding can store. */
        String wellFormed(String text, String path) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                boolean paired = Character.isHighSurrogate(c) ? i + 1 < text.length() && Character.isLowSurrogate(text.charAt(++i))
                        : !Character.isLowSurrogate(c);
                if (!paired) {
                    add(path, "holds an unpaired surrogate (a \\ud800-\\udfff escape without its pair); strings must be well-formed Unicode");
                    return null;
                }
            }
            return text;
        }

        Integer integer(JsonNode object, String key, String path) {
            JsonNode value = object.get(key);
            if (value == null || value.isNull()) {
                add(path, "is required");
                return null;
            }
            Object number = value.isNumber() ? value.getNumberValue() : null;
            if (!(number instanceof Integer || number instanceof Long || number instanceof java.math.BigInteger
                    || number instanceof Short || number instanceof Byte)) {
                // A fraction or an exponent (1e-400 would read as 0) is not a step id.
                add(path, "must be a whole number written without a fraction or exponent" + (number == null ? "" : ", got " + number));
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
                    String text = wellFormed(item.getStringValue(), path + "[" + i + "]");
                    if (text != null) {
                        result.add(text);
                    }
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
