package io.filejobs.core.step.remote;

import io.filejobs.core.step.StepSpec;
import io.filejobs.core.step.set.ObjectSelector;
import io.micronaut.core.annotation.Nullable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An IMPORT: the files of a remote directory whose names match the last segment of {@code
 * source.url} (a glob: {@code *}, {@code ?}), each to the object its {@code destination} template
 * names ({@code {basename}}, {@code {stem}}, ...), then, with {@code deleteRemote}, deleted on the
 * server once the object is verified. {@code ifEmpty} says what a run that finds no file does
 * (FAIL, the default, SKIP the run's later steps, or CONTINUE).
 */
public record ImportSpec(@Nullable RemoteServer source, @Nullable String destination, boolean deleteRemote,
        ObjectSelector.@Nullable IfEmpty ifEmpty) implements StepSpec {

    @Override
    public String action() {
        return ImportAction.NAME;
    }

    public ObjectSelector.IfEmpty whenEmpty() {
        return ifEmpty == null ? ObjectSelector.IfEmpty.FAIL : ifEmpty;
    }

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("source", source == null ? null : source.fields());
        fields.put("destination", destination);
        fields.put("deleteRemote", deleteRemote ? Boolean.TRUE : null);
        fields.put("ifEmpty", ifEmpty == null ? null : ifEmpty.name());
        return fields;
    }
}
