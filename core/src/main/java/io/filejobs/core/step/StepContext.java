package io.filejobs.core.step;

import io.filejobs.core.template.TemplateValues;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.util.Optional;

/**
 * What a step's invocation is given besides its spec: the continuation an earlier invocation of the
 * same attempt returned (none for a first invocation), the journal to tell of every multipart
 * upload it begins, the step's per-object ledger, whether it is a retry ({@link Invocation}), and
 * the run's template values.
 */
public final class StepContext {

    private final @Nullable JsonNode continuation;
    private final Invocation invocation;
    private final TemplateValues values;
    private final JsonMapper json;

    public StepContext(@Nullable JsonNode continuation, Invocation invocation, TemplateValues values, JsonMapper json) {
        this.continuation = continuation;
        this.invocation = invocation;
        this.values = values;
        this.json = json;
    }

    /** The step's per-object ledger (a set step records each object it handles there). */
    public ObjectJournal objects() {
        return invocation.objects();
    }

    /** Into how many shards a large set step may split itself (1: it may not). */
    public int mayShardInto() {
        return invocation.mayShardInto();
    }

    /** The shard this invocation works on, or null when it works on the whole step. */
    public @Nullable Invocation.Shard shard() {
        return invocation.shard();
    }

    /** Whether this invocation follows a failed one of the same step, with the continuation that one had. */
    public boolean retry() {
        return invocation.retry();
    }

    /** What the run's templates are filled with (a set step fills its destinations per object with them). */
    public TemplateValues values() {
        return values;
    }

    /** The continuation, read as the action's own type; empty on a first invocation. */
    public <T> Optional<T> continuation(Class<T> type) {
        if (continuation == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValueFromTree(continuation, Argument.of(type)));
        } catch (IOException e) {
            throw new StepFailure(StepErrorCode.INTERNAL, "the step's continuation could not be read: " + e.getMessage(), e);
        }
    }

    public UploadJournal journal() {
        return invocation.uploads();
    }
}
