package io.filejobs.core.job;

import com.fasterxml.jackson.annotation.JsonValue;
import io.filejobs.core.step.StepSpec;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.core.annotation.Nullable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One step of a job: its id, its name, and what its action does, in the action's own terms
 * ({@link StepSpec}). As JSON a step is one flat object, {@code id}, {@code name}, {@code action} and
 * then the action's fields; it is read by {@link JobDefinitionReader}, which asks the action.
 *
 * @param after the ids of the steps this one waits for, as the job gives them; null means the step
 *     before it (none for the first), which is what a job without {@code after} means
 */
@Serdeable.Serializable
public record Step(int id, String name, StepSpec spec, @Nullable List<Integer> after) {

    public Step {
        after = after == null ? null : List.copyOf(after);
    }

    /** A step that waits for the one before it. */
    public Step(int id, String name, StepSpec spec) {
        this(id, name, spec, null);
    }

    /** The steps this one waits for: its {@code after}, or the step before it. */
    public List<Integer> waitsFor() {
        if (after != null) {
            return after;
        }
        return id <= 0 ? List.of() : List.of(id - 1);
    }

    /** The same step with another spec (its templates filled, say). */
    public Step withSpec(StepSpec other) {
        return new Step(id, name, other, after);
    }

    /** The action's name, such as COPY. */
    public String action() {
        return spec.action();
    }

    /** The step as a job's JSON holds it. */
    @JsonValue
    public Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("name", name);
        json.put("action", spec.action());
        if (after != null) {
            json.put("after", after);
        }
        spec.fields().forEach((field, value) -> {
            if (value != null) {
                json.put(field, value);
            }
        });
        return json;
    }
}
