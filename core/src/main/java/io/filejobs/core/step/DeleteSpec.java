package io.filejobs.core.step;

import io.filejobs.core.s3.ObjectRef;
import io.filejobs.core.step.set.ObjectSelector;
import io.micronaut.core.annotation.Nullable;
import java.util.Collections;
import java.util.Map;

/** A DELETE: exactly the named {@code source} object, or every object of a set ({@code sourceSet}). */
public record DeleteSpec(@Nullable String source, @Nullable ObjectSelector sourceSet) implements StepSpec {

    public DeleteSpec(String source) {
        this(source, null);
    }

    @Override
    public String action() {
        return DeleteAction.NAME;
    }

    public ObjectRef sourceRef() {
        return ObjectRef.parse(source);
    }

    @Override
    public Map<String, Object> fields() {
        return Collections.singletonMap("source", sourceSet != null ? sourceSet.fields() : source);
    }
}
