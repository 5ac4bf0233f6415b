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

    /** A list of strings, or null when it is absent or not a list; items that are not strings are reported. */
    public List<String> strings(String field) {
        return reader.strings(step, field, path + "." + field);
    }
}
