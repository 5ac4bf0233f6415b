package io.filejobs.core.job;

import io.filejobs.core.error.FieldError;
import io.micronaut.json.tree.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads typed values out of a JSON object and collects what is wrong with them, each naming its
 * field: a wrong type, a missing required value, a string that is not well-formed Unicode. Used for
 * the fields of a job and, through {@link StepFields}, by each step action for its own.
 */
public final class FieldReader {

    private final List<FieldError> errors = new ArrayList<>();

    /** Every error found so far, in the order found. */
    public List<FieldError> errors() {
        return errors;
    }

    public void add(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    public String string(JsonNode object, String key, String path, boolean required) {
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
    public String wellFormed(String text, String path) {
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

    public Integer integer(JsonNode object, String key, String path) {
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

    public List<String> strings(JsonNode object, String key, String path) {
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

    public <E extends Enum<E>> E enumValue(JsonNode object, String key, String path, Class<E> type, E absent) {
        List<String> names = java.util.Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
        String text = oneOf(object, key, path, names, absent == null);
        return text == null ? absent : Enum.valueOf(type, text);
    }

    /** A required or optional string that must be one of {@code allowed}; null (with an error when wrong) otherwise. */
    public String oneOf(JsonNode object, String key, String path, List<String> allowed, boolean required) {
        String text = string(object, key, path, required);
        if (text == null || allowed.contains(text)) {
            return text;
        }
        String hint = allowed.contains(text.toUpperCase(Locale.ROOT)) ? " (values are upper case)" : "";
        add(path, "must be one of " + String.join(", ", allowed) + hint + "; got '" + text + "'");
        return null;
    }
}
