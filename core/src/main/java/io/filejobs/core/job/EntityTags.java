package io.filejobs.core.job;

import io.micronaut.core.annotation.Nullable;

/** The {@code If-Match} check of RFC 9110: strong comparison against the job's version tag. */
public final class EntityTags {

    private EntityTags() {
    }

    /** True when there is no condition, when it is {@code *}, or when one listed tag is the version's. */
    public static boolean ifMatchAllows(@Nullable String ifMatch, long version) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return true;
        }
        String current = JobRecord.etagOf(version);
        for (String tag : ifMatch.split(",")) {
            String t = tag.trim();
            if (t.equals("*") || t.equals(current)) {
                return true;
            }
        }
        return false;
    }
}
