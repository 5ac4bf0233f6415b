package io.filejobs.core.step;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Host allow-lists as settings give them: names or addresses, compared in lower case, blanks dropped. */
public final class HostNames {

    private HostNames() {
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
