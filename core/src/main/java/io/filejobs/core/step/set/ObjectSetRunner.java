package io.filejobs.core.step.set;

import io.filejobs.core.s3.BucketPolicy;
import io.filejobs.core.s3.ObjectRef;
import io.filejobs.core.s3.StoreKeyRules;
import io.filejobs.core.step.BoundedExecutor;
import io.filejobs.core.step.FailedObjects;
import io.filejobs.core.step.Invocation;
import io.filejobs.core.step.ObjectJournal;
import io.filejobs.core.step.ObjectRecord;
import io.filejobs.core.step.S3Failures;
import io.filejobs.core.step.StepContext;
import io.filejobs.core.step.StepErrorCode;
import io.filejobs.core.step.StepFailure;
import io.filejobs.core.step.StepOutcome;
import io.filejobs.core.step.StepsConfiguration;
import io.micronaut.core.annotation.Nullable;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Works through the objects of a set, page by page of the listing, in key order: the objects of a
 * page are handled {@code filejobs.steps.set-concurrency} at a time, on threads that every set step
 * of the JVM shares ({@code filejobs.steps.set-threads}), and when the page is done the step's
 * continuation moves past its last key. Memory holds one page, however many objects match.
 * An invocation that outlasts {@code filejobs.steps.set-time-budget} returns its {@link SetProgress}
 * after a page, and the next invocation lists on from there. Every object's names (what it reads,
 * what it writes) are checked against the bucket policy and the store before it is touched, and
 * what the step did to it is recorded in the step's per-object ledger, in batches as the page goes.
 */
@Singleton
public class ObjectSetRunner {

    private final S3Client s3;
    private final StepsConfiguration config;
    private final Clock clock;
    private final BucketPolicy buckets;
    private final StoreKeyRules keys;
    /** The threads every set step of this JVM handles its objects on ({@code filejobs.steps.set-threads}). */
    private final ExecutorService lanes;

    public ObjectSetRunner(S3Client s3, StepsConfiguration config, Clock clock, BucketPolicy buckets, StoreKeyRules keys) {
        this.s3 = s3;
        this.config = config;
        this.clock = clock;
        this.buckets = buckets;
        this.keys = keys;
        this.lanes = BoundedExecutor.sharedPool(config.getSetThreads(), "filejobs-set");
    }

    @PreDestroy
    void stop() {
        lanes.shutdownNow();
    }

    /** What a step does to one object of its set. */
    @FunctionalInterface
    public interface PerObject {
        Handled handle(Member object);
    }

    /**
     * What a step did to one object: the bytes it handled (copied, moved, deleted or sent), and
     * what it wrote: objects ({@code bucket/key}), or files on a remote server (their address).
     */
    public record Handled(long bytes, List<String> written) {
        public static Handled of(long bytes, ObjectRef... written) {
            return new Handled(bytes, java.util.Arrays.stream(written).map(ObjectRef::toString).toList());
        }
    }

    /**
     * One object of a set as the listing gave it: where it is, its key after the selector's prefix,
     * when it was last written, its size and its ETag.
     */
    public record Member(ObjectRef ref, String relativeKey, Instant lastModified, long size, String etag) {
    }

    /**
     * Runs {@code perObject} over the set (resolved for the run), from where the continuation left
     * off, recording each object in the step's ledger. An object an earlier attempt finished is left
     * alone and counted as it was recorded; one that fails is recorded FAILED and the others go on.
     * When the set is through, failed objects fail the step ({@link FailedObjects}), and the retry
     * of such a step starts again from the set's first key. A set of more than {@code
     * set-shard-size} objects, when the run may split it, asks to be split into shards instead (cut
     * where one listing finds every set-shard-size objects); a shard works through its own range of
     * keys as above.
     */
    public StepOutcome run(ObjectSelector set, StepContext context, PerObject perObject) {
        Invocation.Shard shard = context.shard();
        Optional<SetProgress> continued = context.continuation(SetProgress.class);
        if (shard == null && continued.isEmpty() && context.mayShardInto() > 1) {
            List<String> bounds = shardBounds(set, config.getSetShardSize(), context.mayShardInto());
            if (!bounds.isEmpty()) {
                return StepOutcome.shard(bounds);
            }
        }
        SetProgress progress = continued.orElse(SetProgress.START);
        if (context.retry() && progress.objects().failed() > 0) {
            // Objects behind the continuation failed: another try goes through the whole set again,
            // leaving alone what the ledger has as done.
            progress = SetProgress.START;
        }
        Instant deadline = clock.instant().plus(config.getSetTimeBudget());
        SetTally tally = new SetTally(progress);
        String after = progress.afterKey().isEmpty() && shard != null ? shard.afterKey() : progress.afterKey();
        try (BoundedExecutor executor = new BoundedExecutor(lanes, config.getSetConcurrency())) {
            while (true) {
                ListObjectsV2Response page = list(set, after);
                String last = lastKey(page, after);
                // A shard's listing ends at its last key; the shard after it goes on from there.
                boolean more = Boolean.TRUE.equals(page.isTruncated()) && (shard == null || !shard.endsBy(last));
                List<Member> members = members(set, page);
                if (shard != null) {
                    members.removeIf(m -> !shard.holds(m.ref().key()));
                }
                String upTo = more ? last : shard == null ? null : shard.upToKey();
                Map<String, ObjectRecord> earlier = earlierRecords(context.objects(), members, after, upTo, shard, tally);
                LedgerBatches ledger = new LedgerBatches(context.objects(), tally);
                for (Member member : members) {
                    ObjectRecord before = earlier.get(member.ref().key());
                    if (before != null && before.done()) {
                        tally.count(before);
                        continue;
                    }
                    int attempt = before == null ? 1 : before.attempts() + 1;
                    executor.run(() -> ledger.add(handleOne(member, attempt, perObject)));
                }
                executor.awaitAll();
                ledger.flush();
                after = last;
                if (!more) {
                    break;
                }
                if (!clock.instant().isBefore(deadline)) {
                    return StepOutcome.continueWith(tally.bytes(), tally.progress(after)).withObjects(tally.counts());
                }
            }
        }
        if (tally.counts().total() == 0 && shard == null) {
            return empty(set);
        }
        if (tally.counts().failed() > 0) {
            throw tally.failure();
        }
        return StepOutcome.done(tally.bytes()).withObjects(tally.counts());
    }

    /**
     * What earlier attempts recorded for the keys this page covers (after {@code after}, up to {@code
     * upTo}), for the objects listed on it. A record of a key no longer listed (a MOVE's source, moved
     * by an earlier attempt) is counted at once, so the counts hold every object the step handled.
     */
    private static Map<String, ObjectRecord> earlierRecords(ObjectJournal journal, List<Member> members, String after,
            @Nullable String upTo, @Nullable Invocation.Shard shard, SetTally tally) {
        Set<String> listed = new HashSet<>();
        members.forEach(m -> listed.add(m.ref().key()));
        Map<String, ObjectRecord> earlier = new HashMap<>();
        journal.recorded(after, upTo, record -> {
            String key = ObjectRecord.keyOf(record.source());
            if (listed.contains(key)) {
                earlier.put(key, record);
            } else if (shard == null || shard.holds(key)) {
                tally.count(record);
            }
        });
        return earlier;
    }

    /**
     * The records of one page on their way to the ledger: the thread that handled an object adds its
     * record, and the one that fills a batch writes it, so the ledger is written as the page goes,
     * by the page's threads side by side, not by one thread after the page. What is left is written
     * by {@link #flush} before the continuation moves past the page. A record counts in the tally
     * once it is written.
     */
    private static final class LedgerBatches {
        private final ObjectJournal journal;
        private final SetTally tally;
        private final Object lock = new Object();
        private List<ObjectRecord> batch = new ArrayList<>(ObjectJournal.BATCH);

        LedgerBatches(ObjectJournal journal, SetTally tally) {
            this.journal = journal;
            this.tally = tally;
        }

        void add(ObjectRecord record) {
            List<ObjectRecord> full = null;
            synchronized (lock) {
                batch.add(record);
                if (batch.size() == ObjectJournal.BATCH) {
                    full = batch;
                    batch = new ArrayList<>(ObjectJournal.BATCH);
                }
            }
            if (full != null) {
                write(full);
            }
        }

        void flush() {
            List<ObjectRecord> rest;
            synchronized (lock) {
                rest = batch;
                batch = new ArrayList<>(ObjectJournal.BATCH);
            }
            if (!rest.isEmpty()) {
                write(rest);
            }
        }

        private void write(List<ObjectRecord> records) {
            journal.record(records);
            records.forEach(tally::count);
        }
    }

    private ObjectRecord handleOne(Member member, int attempt, PerObject perObject) {
        try {
            Handled handled = perObject.handle(member);
            return new ObjectRecord(member.ref().toString(), ObjectRecord.SUCCEEDED, handled.bytes(),
                    handled.written(), attempt, now(), null);
        } catch (StepFailure failure) {
            return new ObjectRecord(member.ref().toString(), ObjectRecord.FAILED, 0, List.of(), attempt, now(),
                    new ObjectRecord.Error(failure.code().name(), failure.getMessage()));
        }
    }

    private String now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS).toString();
    }

    /**
     * Where to cut the set into shards of about {@code size} objects, at most {@code most} of them:
     * the last key of each shard but the last, from one listing of the set. None when the set holds
     * no more than {@code size} objects. When the cuts would make too many shards, every other one is
     * dropped and the shards grow twice as large, so memory holds at most {@code most} keys.
     */
    private List<String> shardBounds(ObjectSelector set, int size, int most) {
        List<String> bounds = new ArrayList<>();
        long every = size;
        long sinceBound = 0;
        String lastMember = null;
        String after = "";
        while (true) {
            ListObjectsV2Response page = list(set, after);
            for (Member member : members(set, page)) {
                if (bounds.size() >= most) {
                    // An object after the last cut allowed: the shards would be one too many.
                    List<String> kept = new ArrayList<>();
                    for (int i = 1; i < bounds.size(); i += 2) {
                        kept.add(bounds.get(i));
                    }
                    sinceBound += bounds.size() % 2 == 1 ? every : 0;
                    bounds = kept;
                    every *= 2;
                }
                lastMember = member.ref().key();
                if (++sinceBound == every) {
                    bounds.add(lastMember);
                    sinceBound = 0;
                }
            }
            if (!Boolean.TRUE.equals(page.isTruncated())) {
                break;
            }
            after = lastKey(page, after);
        }
        if (!bounds.isEmpty() && bounds.get(bounds.size() - 1).equals(lastMember)) {
            // A cut at the set's last key would leave the last shard empty.
            bounds.remove(bounds.size() - 1);
        }
        return bounds;
    }

    /** What an empty set does, as its selector says: FAIL the step (NO_OBJECTS), SKIP the run, or CONTINUE with nothing done. */
    public StepOutcome empty(ObjectSelector set) {
        String none = "no object under " + set.prefix() + (set.match() == null ? "" : " matches '" + set.match() + "'");
        return switch (set.ifEmpty()) {
            case FAIL -> throw new StepFailure(StepErrorCode.NO_OBJECTS, none + "; the selector's ifEmpty is FAIL");
            case SKIP -> StepOutcome.skipRun(none + "; the selector's ifEmpty is SKIP");
            case CONTINUE -> StepOutcome.done(0);
        };
    }

    /**
     * Every object of the set at once, in the selector's order, at most {@code limit} (a MERGE's
     * sources, which its plan needs together); more than that fails the step, saying so.
     */
    public List<Member> all(ObjectSelector set, int limit) {
        List<Member> members = new ArrayList<>();
        String after = "";
        while (true) {
            ListObjectsV2Response page = list(set, after);
            members.addAll(members(set, page));
            if (members.size() > limit) {
                throw new StepFailure(StepErrorCode.INTERNAL, "more than " + limit + " objects under " + set.prefix()
                        + " match; a MERGE takes at most " + limit + " sources (filejobs.limits.max-sources)");
            }
            after = lastKey(page, after);
            if (!Boolean.TRUE.equals(page.isTruncated())) {
                break;
            }
        }
        if (set.order() == ObjectSelector.Order.LAST_MODIFIED) {
            // Oldest first; the key breaks a tie, so the order is the same every time.
            members.sort(Comparator.comparing(Member::lastModified).thenComparing(m -> m.ref().key()));
        }
        return members;
    }

    /** The objects of a listing page that the selector's match takes, in key order. */
    private static List<Member> members(ObjectSelector set, ListObjectsV2Response page) {
        Glob glob = set.glob();
        List<Member> members = new ArrayList<>();
        for (S3Object listed : page.contents()) {
            String relative = listed.key().substring(set.keyPrefix().length());
            if (glob.matches(relative)) {
                members.add(new Member(new ObjectRef(set.bucket(), listed.key()), relative, listed.lastModified(), listed.size(), listed.eTag()));
            }
        }
        return members;
    }

    /** The key to list on after: the page's last, matched or not. */
    private static String lastKey(ListObjectsV2Response page, String before) {
        return page.contents().isEmpty() ? before : page.contents().get(page.contents().size() - 1).key();
    }

    /** Throws BUCKET_NOT_ALLOWED or KEY_NOT_SUPPORTED for an object a step is about to write. */
    public void requireWritable(ObjectRef destination) {
        buckets.problem(destination.bucket()).ifPresent(problem -> {
            throw new StepFailure(StepErrorCode.BUCKET_NOT_ALLOWED, problem);
        });
        ObjectRef.keyProblem(destination.key()).or(() -> keys.keyProblem(destination.key())).or(() -> keys.destinationProblem(destination))
                .ifPresent(problem -> {
                    throw new StepFailure(StepErrorCode.KEY_NOT_SUPPORTED, problem.startsWith("object ") ? problem
                            : "key of " + destination + " " + problem);
                });
    }

    private ListObjectsV2Response list(ObjectSelector set, String startAfter) {
        try {
            return s3.listObjectsV2(b -> b.bucket(set.bucket()).prefix(set.keyPrefix()).maxKeys(config.getSetPageSize())
                    .startAfter(startAfter.isEmpty() ? null : startAfter));
        } catch (SdkException e) {
            throw S3Failures.classify(e, "listing " + set.prefix());
        }
    }
}
