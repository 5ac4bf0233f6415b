package io.filejobs.core.step;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.filejobs.core.s3.ObjectRef;
import io.filejobs.core.step.set.ObjectSelector;
import io.filejobs.core.template.TemplateValues;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * What an action plans a step with ({@link StepAction#plan}), and what it reports: the store as the
 * run would find it at the step (S3 as it stands, changed by what the job's earlier steps would
 * write and remove), the run's template values, and a tally of the objects the step would handle,
 * the S3 requests it would send, for a MERGE the bytes copied inside S3 and through the worker,
 * and whether the step would fail or skip its run. Planning reads; it never writes.
 */
public final class PlanContext {

    /** How many object pairs a plan names; the counts hold them all. */
    public static final int FIRST = 5;

    /** The store as the run would find it: read only, with what earlier steps would write and remove. */
    public interface Store {
        /** The size of the object the step would find, or empty when there would be none. */
        Optional<Long> size(ObjectRef ref);

        /** Every object of the set, in key order, as the step would list it; returns the listing requests it took. */
        long members(ObjectSelector set, Consumer<Member> each);

        /** An object an earlier step would have written, for the steps after it. */
        void wrote(ObjectRef ref, long size);

        /** An object an earlier step would have removed. */
        void removed(ObjectRef ref);
    }

    /** One object of a set as planned: where it is, its key after the prefix, its size, when it was written. */
    public record Member(ObjectRef ref, String relativeKey, long size, Instant lastModified) {
    }

    /** One object the step would handle, and where it would write it (null for a DELETE). */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Pair(String source, @Nullable String destination) {
    }

    private final Store store;
    private final TemplateValues values;
    private long count;
    private long bytes;
    private final List<Pair> first = new ArrayList<>();
    private final Map<String, Long> requests = new TreeMap<>();
    private Long copiedInS3;
    private Long throughWorker;
    private StepErrorCode failCode;
    private String failMessage;
    private String skipReason;
    private final List<String> warnings = new ArrayList<>();

    public PlanContext(Store store, TemplateValues values) {
        this.store = store;
        this.values = values;
    }

    public TemplateValues values() {
        return values;
    }

    public Optional<Long> size(ObjectRef ref) {
        return store.size(ref);
    }

    /** Hands {@code each} the set's members, counting the listing requests. */
    public void members(ObjectSelector set, Consumer<Member> each) {
        request("ListObjectsV2", store.members(set, each));
    }

    public void wrote(ObjectRef ref, long size) {
        store.wrote(ref, size);
    }

    public void removed(ObjectRef ref) {
        store.removed(ref);
    }

    /** One object the step would handle (once per source, however many destinations), and the bytes it adds to the step's. */
    public void object(long stepBytes) {
        count++;
        bytes += stepBytes;
    }

    /** A source and one place it would be written to, named in the plan while fewer than {@link #FIRST} are. */
    public void pair(ObjectRef source, @Nullable ObjectRef destination) {
        if (first.size() < FIRST) {
            first.add(new Pair(source.toString(), destination == null ? null : destination.toString()));
        }
    }

    public void request(String operation, long n) {
        if (n > 0) {
            requests.merge(operation, n, Long::sum);
        }
    }

    public void merge(long copiedInS3, long throughWorker) {
        this.copiedInS3 = copiedInS3;
        this.throughWorker = throughWorker;
    }

    /** The step would fail with this code, if the store stays as it is. */
    public void fail(StepErrorCode code, String message) {
        if (failCode == null) {
            failCode = code;
            failMessage = message;
        }
    }

    /** The step would end its run as SKIPPED (an empty set whose selector says so). */
    public void skipRun(String reason) {
        skipReason = reason;
    }

    public void warn(String warning) {
        warnings.add(warning);
    }

    /** What an empty set would do, as its selector says. */
    public void empty(ObjectSelector set) {
        String none = "no object under " + set.prefix() + (set.match() == null ? "" : " matches '" + set.match() + "'") + " now";
        switch (set.ifEmpty()) {
            case FAIL -> fail(StepErrorCode.NO_OBJECTS, none + "; the selector's ifEmpty is FAIL");
            case SKIP -> skipRun(none + "; the selector's ifEmpty is SKIP, so the run would be SKIPPED here");
            case CONTINUE -> warn(none + "; the selector's ifEmpty is CONTINUE, so the step would do nothing");
        }
    }

    public long count() {
        return count;
    }

    public long bytes() {
        return bytes;
    }

    public List<Pair> first() {
        return List.copyOf(first);
    }

    public Map<String, Long> requests() {
        return Map.copyOf(requests);
    }

    public @Nullable Long copiedInS3() {
        return copiedInS3;
    }

    public @Nullable Long throughWorker() {
        return throughWorker;
    }

    public @Nullable StepErrorCode failCode() {
        return failCode;
    }

    public @Nullable String failMessage() {
        return failMessage;
    }

    public @Nullable String skipReason() {
        return skipReason;
    }

    public List<String> warnings() {
        return List.copyOf(warnings);
    }
}
