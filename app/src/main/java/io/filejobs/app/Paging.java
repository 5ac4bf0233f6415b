package io.filejobs.app;

import io.filejobs.core.error.FieldError;
import io.filejobs.core.error.FileJobsException;
import io.micronaut.core.annotation.Nullable;
import java.util.List;

/** The {@code limit} and {@code cursor} query parameters every listing takes. */
final class Paging {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;

    private Paging() {
    }

    /** The page size asked for; range checks are the service's. */
    static int limit(@Nullable String limit) {
        return limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
    }

    /** As above, for a listing with its own default and largest page. */
    static int limit(@Nullable String limit, int defaultLimit, int maxLimit) {
        if (limit == null || limit.isEmpty()) {
            return defaultLimit;
        }
        try {
            return Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            throw FileJobsException.validation(List.of(new FieldError("limit", "must be a whole number from 1 to " + maxLimit)));
        }
    }

    @Nullable
    static String cursor(@Nullable String cursor) {
        return cursor == null || cursor.isEmpty() ? null : cursor;
    }
}
