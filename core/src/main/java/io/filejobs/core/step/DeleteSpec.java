package io.filejobs.core.step;

import io.filejobs.core.s3.ObjectRef;
import io.micronaut.core.annotation.Nullable;
import java.util.Collections;
import java.util.Map;

/** A DELETE: exactly the {@code source} object. */
public record DeleteSpec(@Nullable String source) implements StepSpec {

    @Override
    public String action() {
        return DeleteAction.NAME;
    }

    public ObjectRef sourceRef() {
        return ObjectRef.parse(source);
    }

    @Override
    public Map<String, Object> fields() {
        return Collections.singletonMap("source", source);
    }
}
