package io.filejobs.core.job;

import com.fasterxml.jackson.annotation.JsonValue;
import io.filejobs.core.step.StepSpec;
import io.micronaut.serde.annotation.Serdeable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One step of a job: its id, its name, and what its action does, in the action's own terms
 * ({@link StepSpec}). As JSON a step is one flat object, {@code id}, {@code name}, {@code action} and
 * then the action's fields; it is read by {@link JobDefinitionReader}, which asks the action.
 */
@Serdeable.Serializable
public record Step(int id, String name, StepSpec spec) {

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
        spec.fields().forEach((field, value) -> {
            if (value != null) {
                json.put(field, value);
            }
        });
        return json;
    }
}
