package io.filejobs.core.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.filejobs.core.step.ObjectRecord;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** One page of a set step's per-object ledger, in key order; {@code nextCursor} is null on the last page. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ObjectPage(List<ObjectRecord> items, @Nullable String nextCursor) {
}
