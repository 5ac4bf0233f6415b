package io.filejobs.core.step;

import io.filejobs.core.job.StepFields;
import io.filejobs.core.job.StepRules;
import io.filejobs.core.s3.ObjectRef;
import io.filejobs.core.template.Template;
import io.filejobs.core.template.TemplateValues;
import io.micronaut.core.annotation.Nullable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A COPY or a MOVE: one {@code source} object to one {@code destination}, a {@link Template}. */
public record TransferSpec(String action, @Nullable String source, @Nullable String destination) implements StepSpec {

    static final List<String> FIELDS = List.of("source", "destination");

    public static TransferSpec copy(String source, String destination) {
        return new TransferSpec(CopyAction.NAME, source, destination);
    }

    public static TransferSpec move(String source, String destination) {
        return new TransferSpec(MoveAction.NAME, source, destination);
    }

    static TransferSpec read(String action, StepFields fields) {
        return new TransferSpec(action, fields.string("source"), fields.string("destination"));
    }

    void validate(StepRules rules) {
        ObjectRef from = rules.object("source", source);
        ObjectRef to = rules.objectTemplate("destination", destination);
        if (from != null && from.equals(to) && Template.parse(destination).isLiteral()) {
            rules.error("destination", "is the same object as the source; a " + action + " onto itself does nothing or loses data");
        }
    }

    /** The spec with its destination template filled for one run. */
    TransferSpec resolve(TemplateValues values) {
        return new TransferSpec(action, source, Template.parse(destination).render(values));
    }

    public ObjectRef sourceRef() {
        return ObjectRef.parse(source);
    }

    public ObjectRef destinationRef() {
        return ObjectRef.parse(destination);
    }

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("source", source);
        fields.put("destination", destination);
        return fields;
    }
}
