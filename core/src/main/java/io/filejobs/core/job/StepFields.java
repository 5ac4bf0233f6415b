package io.filejobs.core.job;

import io.micronaut.json.tree.JsonNode;
import java.util.List;

/**
 * One step's JSON object as its action reads it: typed values by field name, with what is wrong
 * reported against the step's path ({@code steps[2].destination}). A missing field reads as null;
 * whether it is required is a rule on values, checked by the action's validation.
 */
public final class StepFields {

    private final JsonNode step;
    private final String path;
    private final FieldReader reader;

    public StepFields(JsonNode step, String path, FieldReader reader) {
        this.step = step;
        this.path = path;
        this.reader = reader;
    }

    /** A string field, or null when it is absent or not a string (the latter reported). */
    public String string(String field) {
        return reader.string(step, field, path + "." + field, false);
    }

    /** A whole number, or null when it is absent or not one (the latter reported). */
    public Integer integer(String field) {
        return step.get(field) == null || step.get(field).isNull() ? null : reader.integer(step, field, path + "." + field);
    }

    /** Whether the field holds a JSON object (a selector, say) rather than a string or a list. */
    public boolean isObject(String field) {
        return step.get(field) != null && step.get(field).isObject();
    }

    /** The JSON object in {@code field}, read as a step is: errors name {@code steps[i].field.inner}. Fields it does not name are refused. */
    public StepFields object(String field, List<String> names) {
        StepFields nested = new StepFields(step.get(field), path + "." + field, reader);
        for (var entry : nested.step.entries()) {
            if (!names.contains(entry.getKey())) {
                reader.add(nested.path + "." + entry.getKey(), "is not allowed: " + field + " has " + String.join(", ", names));
            }
        }
        return nested;
    }

    /** A required string field; null (reported) when it is absent or not a string. */
    public String required(String field) {
        return reader.string(step, field, path + "." + field, true);
    }

    /** One of an enum's names, or {@code absent} when the field is absent; null (reported) when it is none of them. */
    public <E extends Enum<E>> E enumValue(String field, Class<E> type, E absent) {
        return reader.enumValue(step, field, path + "." + field, type, absent);
    }

    /** Reports that the field is wrong. */
    public void error(String field, String message) {
        reader.add(path + "." + field, message);
    }

    /** The field's JSON value as it is, or null when it is absent: for an action whose field takes any JSON (a request body). */
    public JsonNode node(String field) {
        return step.get(field);
    }

    /** A list of strings, or null when it is absent or not a list; items that are not strings are reported. */
    public List<String> strings(String field) {
        return reader.strings(step, field, path + "." + field);
    }
}
