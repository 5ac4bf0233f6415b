package io.filejobs.core.job;

import io.filejobs.core.error.FieldError;
import io.filejobs.core.error.FileJobsException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** The opaque {@code cursor} of {@code GET /jobs}: where the next page starts. */
public final class JobCursor {

    private static final String PREFIX = "j1:";

    private JobCursor() {
    }

    public static String encode(String lastJobId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + lastJobId).getBytes(StandardCharsets.UTF_8));
    }

    /** The job id the cursor continues after; a cursor this service did not issue is a validation error. */
    public static String decode(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith(PREFIX) && JobIds.isWellFormed(text.substring(PREFIX.length()))) {
                return text.substring(PREFIX.length());
            }
        } catch (IllegalArgumentException notBase64) {
            // Reported below.
        }
        throw FileJobsException.validation(List.of(new FieldError("cursor", "is not a cursor this service issued; pass nextCursor from the previous page")));
    }
}
