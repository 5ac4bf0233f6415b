package io.filejobs.core.job;

import java.time.Instant;

/**
 * A job's metadata as kept in the jobs table: which definition object holds its current version,
 * and the fields the server owns.
 */
public record JobRecord(
        String id,
        long version,
        String name,
        JobState state,
        String definitionKey,
        Instant createdAt,
        Instant updatedAt,
        JobValidation validation) {

    public static String etagOf(long version) {
        return "\"" + version + "\"";
    }
}
