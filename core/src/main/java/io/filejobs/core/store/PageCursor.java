package io.filejobs.core.store;

import io.filejobs.core.error.FieldError;
import io.filejobs.core.error.FileJobsException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;

/**
 * The opaque {@code cursor} of a listing: the id of the last item of the previous page, tagged with
 * the kind of listing it belongs to. A cursor this service did not issue is a validation error.
 */
public final class PageCursor {

    private PageCursor() {
    }

    public static String encode(String kind, String lastId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((kind + ":" + lastId).getBytes(StandardCharsets.UTF_8));
    }

    /** The id the cursor continues after, if it is a cursor of this kind around a well-formed id. */
    public static String decode(String kind, String cursor, Predicate<String> wellFormedId) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String prefix = kind + ":";
            if (text.startsWith(prefix) && wellFormedId.test(text.substring(prefix.length()))) {
                return text.substring(prefix.length());
            }
        } catch (IllegalArgumentException notBase64) {
            // Reported below.
        }
        throw FileJobsException.validation(List.of(new FieldError("cursor", "is not a cursor this service issued; pass nextCursor from the previous page")));
    }
}
