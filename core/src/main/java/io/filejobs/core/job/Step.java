package io.filejobs.core.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * One step of a job. Objects are named {@code bucket/key}. COPY and MOVE use {@code source} and
 * {@code destination}, DELETE uses {@code source}, MERGE uses {@code sources} and {@code destination}.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Step(
        int id,
        String name,
        StepAction action,
        @Nullable String source,
        @Nullable List<String> sources,
        @Nullable String destination) {

    public Step {
        sources = sources == null ? null : List.copyOf(sources);
    }
}
