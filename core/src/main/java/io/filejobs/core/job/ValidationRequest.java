package io.filejobs.core.job;

import io.micronaut.serde.annotation.Serdeable;

/** Which stored version of which job to check. */
@Serdeable
public record ValidationRequest(String jobId, long version) {
}
