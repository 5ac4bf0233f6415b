package io.filejobs.core.step.remote;

import io.filejobs.core.step.StepSpec;
import io.filejobs.core.step.set.ObjectSelector;
import io.micronaut.core.annotation.Nullable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An EXPORT: one named object ({@code source}, {@code bucket/key}) or a set of them (a selector in
 * {@code source}, held in {@code sourceSet}) to an FTPS or SFTP server ({@code destination}). A url
 * that ends with '/' names a directory, and each object keeps its basename there; otherwise it
 * names the file a single object becomes.
 */
public record ExportSpec(@Nullable String source, @Nullable ObjectSelector sourceSet, @Nullable RemoteServer destination)
        implements StepSpec {

    @Override
    public String action() {
        return ExportAction.NAME;
    }

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("source", sourceSet != null ? sourceSet.fields() : source);
        fields.put("destination", destination == null ? null : destination.fields());
        return fields;
    }
}
