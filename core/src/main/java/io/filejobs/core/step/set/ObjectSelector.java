package io.filejobs.core.step.set;

import io.filejobs.core.job.StepFields;
import io.filejobs.core.job.StepRules;
import io.filejobs.core.template.Template;
import io.filejobs.core.template.TemplateValues;
import io.micronaut.core.annotation.Nullable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A set of objects a step works on instead of named ones: every object under {@code prefix}
 * ({@code bucket/key-prefix}, a template like a destination) whose key after the prefix matches
 * the {@code match} glob (every one when absent), in {@code order}. {@code ifEmpty} says what an
 * empty set does: FAIL the step (NO_OBJECTS); SKIP the run (SKIPPED with NO_OBJECTS, no alert, the
 * later steps not run); or CONTINUE, the step succeeding with nothing done.
 */
public record ObjectSelector(String prefix, @Nullable String match, Order order, IfEmpty ifEmpty) {

    static final List<String> FIELDS = List.of("prefix", "match", "order", "ifEmpty");

    public enum Order {
        KEY,
        LAST_MODIFIED
    }

    public enum IfEmpty {
        FAIL,
        SKIP,
        CONTINUE
    }

    /** Reads the selector in the step's {@code field}; null when it is broken (reported). */
    public static @Nullable ObjectSelector read(StepFields step, String field) {
        StepFields fields = step.object(field, FIELDS);
        String prefix = fields.required("prefix");
        String match = fields.string("match");
        Order order = fields.enumValue("order", Order.class, Order.KEY);
        IfEmpty ifEmpty = fields.enumValue("ifEmpty", IfEmpty.class, IfEmpty.FAIL);
        return prefix == null || order == null || ifEmpty == null ? null : new ObjectSelector(prefix, match, order, ifEmpty);
    }

    /**
     * The rules on the selector in {@code field}: a prefix template over a written-out, allowed
     * bucket; a match that is not empty.
     */
    public void validate(String field, StepRules rules) {
        rules.prefixTemplate(field + ".prefix", prefix);
        if (match != null && match.isEmpty()) {
            rules.error(field + ".match", "is empty; leave it out to take every object under the prefix");
        }
    }

    /** The selector with its prefix filled for one run. */
    public ObjectSelector resolve(TemplateValues values) {
        return new ObjectSelector(Template.parse(prefix).render(values), match, order, ifEmpty);
    }

    public String bucket() {
        return prefix.substring(0, prefix.indexOf('/'));
    }

    /** The key prefix, after the bucket: may be empty (the whole bucket). */
    public String keyPrefix() {
        return prefix.substring(prefix.indexOf('/') + 1);
    }

    public Glob glob() {
        return Glob.of(match == null ? "**" : match);
    }

    /** Whether two objects of the set always have different basenames: a match that crosses no folder. */
    public boolean basenamesAreUnique() {
        return match != null && glob().staysInOneFolder();
    }

    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("prefix", prefix);
        if (match != null) {
            fields.put("match", match);
        }
        fields.put("order", order.name());
        fields.put("ifEmpty", ifEmpty.name());
        return fields;
    }
}
