package io.filejobs.core.step.set;

import io.filejobs.core.s3.BucketPolicy;
import io.filejobs.core.s3.ObjectRef;
import io.filejobs.core.s3.StoreKeyRules;
import io.filejobs.core.step.BoundedExecutor;
import io.filejobs.core.step.S3Failures;
import io.filejobs.core.step.StepContext;
import io.filejobs.core.step.StepErrorCode;
import io.filejobs.core.step.StepFailure;
import io.filejobs.core.step.StepOutcome;
import io.filejobs.core.step.StepsConfiguration;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Works through the objects of a set, page by page of the listing, in key order: the objects of a
 * page are handled {@code filejobs.steps.set-concurrency} at a time, and when the page is done the
 * step's continuation moves past its last key. Memory holds one page, however many objects match.
 * An invocation that outlasts {@code filejobs.steps.set-time-budget} returns its {@link SetProgress}
 * after a page, and the next invocation lists on from there. Every object's names (what it reads,
 * what it writes) are checked against the bucket policy and the store before it is touched.
 */
@Singleton
public class ObjectSetRunner {

    private final S3Client s3;
    private final StepsConfiguration config;
    private final Clock clock;
    private final BucketPolicy buckets;
    private final StoreKeyRules keys;

    public ObjectSetRunner(S3Client s3, StepsConfiguration config, Clock clock, BucketPolicy buckets, StoreKeyRules keys) {
        this.s3 = s3;
        this.config = config;
        this.clock = clock;
        this.buckets = buckets;
        this.keys = keys;
    }

    /** What a step does to one object of its set: returns the bytes it handled. */
    @FunctionalInterface
    public interface PerObject {
        long handle(Member object);
    }

    /** One object of a set: where it is, its key after the selector's prefix, when it was last written. */
    public record Member(ObjectRef ref, String relativeKey, Instant lastModified) {
    }

    /** Runs {@code perObject} over the set (resolved for the run), from where the continuation left off. */
    public StepOutcome run(ObjectSelector set, StepContext context, PerObject perObject) {
        SetProgress progress = context.continuation(SetProgress.class).orElse(new SetProgress("", 0, 0, 0));
        Instant deadline = clock.instant().plus(config.getSetTimeBudget());
        String after = progress.afterKey();
        long objects = progress.objects();
        AtomicLong bytes = new AtomicLong(progress.bytes());
        try (BoundedExecutor executor = new BoundedExecutor(config.getSetConcurrency(), "filejobs-set")) {
            while (true) {
                ListObjectsV2Response page = list(set, after);
                for (Member member : members(set, page)) {
                    objects++;
                    executor.run(() -> bytes.addAndGet(perObject.handle(member)));
                }
                executor.awaitAll();
                after = lastKey(page, after);
                if (!Boolean.TRUE.equals(page.isTruncated())) {
                    break;
                }
                if (!clock.instant().isBefore(deadline)) {
                    return StepOutcome.continueWith(bytes.get(), new SetProgress(after, objects, bytes.get(), progress.invocations() + 1));
                }
            }
        }
        return objects == 0 ? empty(set) : StepOutcome.done(bytes.get());
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
                members.add(new Member(new ObjectRef(set.bucket(), listed.key()), relative, listed.lastModified()));
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
