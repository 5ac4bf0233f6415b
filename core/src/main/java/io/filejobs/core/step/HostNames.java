package io.filejobs.core.step;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Host allow-lists as settings give them: names or addresses, compared in lower case, blanks dropped. */
public final class HostNames {

    private HostNames() {
    }

    /** A host as it is compared with a list: lower case, without IPv6 brackets or a trailing dot. */
    public static String normalize(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    public static List<String> listed(List<String> hosts) {
        List<String> listed = new ArrayList<>();
        for (String host : hosts) {
            String trimmed = host.trim().toLowerCase(Locale.ROOT);
            if (!trimmed.isEmpty()) {
                listed.add(trimmed);
            }
        }
        return listed;
    }
}
