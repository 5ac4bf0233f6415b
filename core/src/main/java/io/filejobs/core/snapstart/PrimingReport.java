package io.filejobs.core.snapstart;

import io.micronaut.core.annotation.Nullable;
import java.util.List;

/** What the last priming ran: each primer, whether it completed, how long it took, and why not. */
public record PrimingReport(List<Entry> entries) {

    public PrimingReport {
        entries = List.copyOf(entries);
    }

    public record Entry(String name, boolean completed, long millis, @Nullable String failure) {
    }

    public boolean allCompleted() {
        return entries.stream().allMatch(Entry::completed);
    }
}
