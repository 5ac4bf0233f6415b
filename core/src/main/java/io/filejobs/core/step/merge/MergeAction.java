package io.filejobs.core.step.merge;

import io.filejobs.core.config.FileJobsConfiguration;
import io.filejobs.core.job.StepFields;
import io.filejobs.core.job.StepRules;
import io.filejobs.core.s3.ObjectRef;
import io.filejobs.core.step.BoundedExecutor;
import io.filejobs.core.step.ObjectAccess;
import io.filejobs.core.step.PlanContext;
import io.filejobs.core.step.S3Failures;
import io.filejobs.core.step.S3Objects;
import io.filejobs.core.step.StepAction;
import io.filejobs.core.step.StepContext;
import io.filejobs.core.step.StepErrorCode;
import io.filejobs.core.step.StepFailure;
import io.filejobs.core.step.StepOutcome;
import io.filejobs.core.step.StepsConfiguration;
import io.filejobs.core.step.UploadJournal;
import io.filejobs.core.step.set.ObjectSelector;
import io.filejobs.core.step.set.ObjectSetRunner;
import io.filejobs.core.template.TemplateValues;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Part;

/**
 * MERGE: concatenates the sources, in the order given, into the destination. The plan
 * ({@link MergePlanner}) copies large ranges inside S3 and reads small sources through the worker.
 * Parts are written ({@link PartUploader}) by up to {@code merge-concurrency} threads at once
 * ({@link BoundedExecutor}), and the bytes held in memory never exceed {@code merge-buffer-bytes},
 * whatever the number and size of the sources.
 *
 * <p>Every read and copy is pinned to the ETag each source had when the merge began. The
 * destination is written only by the final CompleteMultipartUpload (or one PutObject for a small
 * result), so a destination that is also a source is appended to safely, and a failure aborts the
 * upload and leaves no partial object.
 *
 * <p>A merge that outlasts its time budget stops at a part boundary and returns its
 * {@link MergeProgress}; called again with it, the merge reads the uploaded parts back from S3 and
 * goes on, so a merge of any size completes over as many invocations as it needs.
 */
@Singleton
public class MergeAction implements StepAction<MergeSpec> {

    public static final String NAME = "MERGE";
    private static final Logger LOG = LoggerFactory.getLogger(MergeAction.class);

    private final S3Client s3;
    private final S3Objects objects;
    private final StepsConfiguration config;
    private final Clock clock;
    private final MergePlanner planner;
    private final ObjectSetRunner sets;
    private final FileJobsConfiguration.Limits limits;

    @Inject
    public MergeAction(S3Client s3, S3Objects objects, StepsConfiguration config, Clock clock, ObjectSetRunner sets,
            FileJobsConfiguration service) {
        this(s3, objects, config, clock, new MergePlanner(StepsConfiguration.MIN_PART, StepsConfiguration.MAX_SINGLE_COPY,
                StepsConfiguration.MAX_PARTS, config.getCopyPartSize()), sets, service.getLimits());
    }

    /** A merge of named sources (tests, benchmarks). */
    public MergeAction(S3Client s3, S3Objects objects, StepsConfiguration config, Clock clock) {
        this(s3, objects, config, clock, new MergePlanner(StepsConfiguration.MIN_PART, StepsConfiguration.MAX_SINGLE_COPY,
                StepsConfiguration.MAX_PARTS, config.getCopyPartSize()));
    }

    /** A merge by another planner (the benchmark's naive strategy). */
    public MergeAction(S3Client s3, S3Objects objects, StepsConfiguration config, Clock clock, MergePlanner planner) {
        this(s3, objects, config, clock, planner, null, new FileJobsConfiguration().getLimits());
    }

    private MergeAction(S3Client s3, S3Objects objects, StepsConfiguration config, Clock clock, MergePlanner planner,
            ObjectSetRunner sets, FileJobsConfiguration.Limits limits) {
        this.s3 = s3;
        this.objects = objects;
        this.config = config;
        this.clock = clock;
        this.planner = planner;
        this.sets = sets;
        this.limits = limits;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<MergeSpec> specType() {
        return MergeSpec.class;
    }

    @Override
    public List<String> fields() {
        return List.of("sources", "destination");
    }

    @Override
    public MergeSpec read(StepFields fields) {
        return fields.isObject("sources") ? new MergeSpec(null, ObjectSelector.read(fields, "sources"), fields.string("destination"))
                : new MergeSpec(fields.strings("sources"), fields.string("destination"));
    }

    @Override
    public void validate(MergeSpec spec, StepRules rules) {
        spec.validate(rules);
    }

    @Override
    public MergeSpec resolve(MergeSpec spec, TemplateValues values) {
        return spec.resolve(values);
    }

    @Override
    public List<NamedTarget> writes(MergeSpec spec) {
        return spec.destination() == null ? List.of() : List.of(new NamedTarget("destination", spec.destination()));
    }

    @Override
    public List<ObjectAccess> accesses(MergeSpec spec) {
        if (spec.sourcesSet() != null) {
            return List.of(ObjectAccess.list("sources", spec.sourcesSet()),
                    ObjectAccess.write("destination", spec.destinationRef()));
        }
        List<ObjectRef> sources = spec.sourceRefs();
        return Stream.concat(java.util.stream.IntStream.range(0, sources.size()).mapToObj(i -> ObjectAccess.read("sources[" + i + "]",
                sources.get(i))), Stream.of(ObjectAccess.write("destination", spec.destinationRef()))).toList();
    }

    /** Merges until done or until {@code filejobs.steps.merge-time-budget} has passed; then it returns its {@link MergeProgress}. */
    @Override
    public StepOutcome execute(MergeSpec spec, StepContext context) {
        List<ObjectRef> sources;
        if (spec.sourcesSet() == null) {
            sources = spec.sourceRefs();
        } else {
            // Listed again by every invocation: the continuation's fingerprint refuses a set that changed meanwhile.
            sources = sets.all(spec.sourcesSet(), limits.getMaxSources()).stream().map(ObjectSetRunner.Member::ref).toList();
            if (sources.isEmpty()) {
                return sets.empty(spec.sourcesSet());
            }
        }
        Outcome outcome = merge(sources, spec.destinationRef(), context.continuation(MergeProgress.class).orElse(null),
                config.getMergeTimeBudget(), context.journal());
        return outcome.finished() ? StepOutcome.done(outcome.merged().bytes())
                : StepOutcome.continueWith(outcome.progress().bytesDone(), outcome.progress());
    }

    /**
     * Plans the merge with the planner a run uses: the sources in their order, the bytes copied
     * inside S3 and those the worker reads and sends, and the requests for each part.
     */
    @Override
    public void plan(MergeSpec spec, PlanContext plan) {
        List<PlanContext.Member> members = new ArrayList<>();
        if (spec.sourcesSet() != null) {
            plan.members(spec.sourcesSet(), members::add);
            if (members.size() > limits.getMaxSources()) {
                plan.fail(StepErrorCode.INTERNAL, members.size() + " objects under " + spec.sourcesSet().prefix()
                        + " match now; a MERGE takes at most " + limits.getMaxSources() + " sources (filejobs.limits.max-sources)");
                return;
            }
            if (members.isEmpty()) {
                plan.empty(spec.sourcesSet());
                return;
            }
            if (spec.sourcesSet().order() == ObjectSelector.Order.LAST_MODIFIED) {
                members.sort(Comparator.comparing(PlanContext.Member::lastModified).thenComparing(m -> m.ref().key()));
            }
        } else {
            for (ObjectRef source : spec.sourceRefs()) {
                Optional<Long> size = plan.size(source);
                if (size.isEmpty()) {
                    plan.request("HeadObject", 1);
                    plan.fail(StepErrorCode.SOURCE_NOT_FOUND, "object " + source + " does not exist now");
                    return;
                }
                members.add(new PlanContext.Member(source, source.key(), size.get(), Instant.EPOCH));
            }
        }
        ObjectRef destination = spec.destinationRef();
        List<Long> sizes = members.stream().map(PlanContext.Member::size).toList();
        for (PlanContext.Member member : members) {
            plan.object(member.size());
            plan.pair(member.ref(), destination);
        }
        plan.request("HeadObject", members.size() + 1);
        MergePlan merge;
        try {
            merge = planner.plan(sizes);
        } catch (IllegalArgumentException tooLarge) {
            plan.fail(StepErrorCode.INTERNAL, tooLarge.getMessage());
            return;
        }
        plan.merge(merge.totalBytes() - merge.bytesThroughWorker(), merge.bytesThroughWorker());
        if (merge.singlePut()) {
            plan.request("GetObject", merge.parts().get(0).segments().size());
            plan.request("PutObject", 1);
        } else {
            plan.request("CreateMultipartUpload", 1);
            for (MergePlan.Part part : merge.parts()) {
                plan.request(part.kind() == MergePlan.Kind.COPY ? "UploadPartCopy" : "UploadPart", 1);
                if (part.kind() == MergePlan.Kind.UPLOAD) {
                    plan.request("GetObject", part.segments().size());
                }
            }
            plan.request("CompleteMultipartUpload", 1);
        }
        plan.wrote(destination, merge.totalBytes());
    }

    /** Aborts the upload of a merge that will not be continued (its run failed between invocations). */
    @Override
    public void abandon(MergeSpec spec, StepContext context) {
        context.continuation(MergeProgress.class).ifPresent(progress -> abandon(spec.destinationRef(), progress));
    }

    public void abandon(ObjectRef destination, MergeProgress progress) {
        objects.abortQuietly(destination, progress.uploadId());
    }

    /** Merges in one go, however long it takes. */
    public Merged merge(List<ObjectRef> sourceRefs, ObjectRef destination) {
        return merge(sourceRefs, destination, null, null).merged();
    }

    /**
     * Merges, or continues the merge {@code resume} describes, until done or until {@code budget}
     * (null: none) has passed; then it stops at a part boundary and returns its progress. Each
     * call makes progress by at least one part.
     */
    public Outcome merge(List<ObjectRef> sourceRefs, ObjectRef destination, @Nullable MergeProgress resume, @Nullable Duration budget) {
        return merge(sourceRefs, destination, resume, budget, UploadJournal.NONE);
    }

    /** As above, telling {@code journal} of a new multipart upload before its first part is sent. */
    public Outcome merge(List<ObjectRef> sourceRefs, ObjectRef destination, @Nullable MergeProgress resume, @Nullable Duration budget,
            UploadJournal journal) {
        Instant deadline = budget == null ? null : clock.instant().plus(budget);
        try (BoundedExecutor executor = new BoundedExecutor(config.getMergeConcurrency(), "filejobs-merge")) {
            List<S3Objects.StoredObject> sources = headAll(sourceRefs, executor);
            MergePlan plan = planner.plan(sources.stream().map(S3Objects.StoredObject::size).toList());
            PartUploader uploader = new PartUploader(s3, sources, config.getMergeBufferBytes());
            String contentType = sources.get(0).head().contentType();
            if (plan.singlePut()) {
                String etag = s3.putObject(b -> b.bucket(destination.bucket()).key(destination.key()).contentType(contentType),
                        uploader.inMemory(plan.parts().get(0))).eTag();
                objects.verifyWritten(destination, plan.totalBytes(), etag, null);
                return Outcome.done(new Merged(plan.totalBytes(), 0, plan.bytesThroughWorker()));
            }
            String fingerprint = MergeProgress.fingerprint(sources);
            if (resume != null && !resume.sources().equals(fingerprint)) {
                objects.abortQuietly(destination, resume.uploadId());
                throw new StepFailure(StepErrorCode.PRECONDITION_FAILED,
                        "a source of the merge into " + destination + " changed between two of its invocations; it starts again on the next run");
            }
            // Continue the upload when it is still open; otherwise (a first invocation, or an upload gone) begin one.
            Optional<Map<Integer, Part>> open = resume == null ? Optional.empty() : PartUploader.uploadedParts(s3, destination, resume.uploadId());
            String uploadId = open.isPresent() ? resume.uploadId()
                    : s3.createMultipartUpload(b -> b.bucket(destination.bucket()).key(destination.key()).contentType(contentType)).uploadId();
            if (open.isEmpty()) {
                journal.started(destination, uploadId);
            }
            Upload upload = new Upload(destination, uploadId, fingerprint, resume == null ? 1 : resume.invocations() + 1);
            try {
                return writeParts(plan, upload, open.orElse(Map.of()), uploader, deadline, executor);
            } catch (RuntimeException e) {
                objects.abortQuietly(destination, uploadId);
                throw e;
            }
        } catch (SdkException e) {
            throw S3Failures.classify(e, "merging " + sourceRefs.size() + " objects into " + destination);
        }
    }

    /** The multipart upload one invocation works on. */
    private record Upload(ObjectRef destination, String uploadId, String fingerprint, int invocation) {
    }

    private Outcome writeParts(MergePlan plan, Upload upload, Map<Integer, Part> uploaded, PartUploader uploader,
            @Nullable Instant deadline, BoundedExecutor executor) {
        Map<Integer, String> etags = new ConcurrentHashMap<>();
        for (MergePlan.Part part : plan.parts()) {
            Part done = uploaded.get(part.number());
            if (done != null && done.size() == part.length()) {
                etags.put(part.number(), done.eTag());
            }
        }
        int submitted = 0;
        boolean stopped = false;
        for (MergePlan.Part part : plan.parts()) {
            if (etags.containsKey(part.number())) {
                continue;
            }
            if (submitted > 0 && deadline != null && !clock.instant().isBefore(deadline)) {
                stopped = true;
                break;
            }
            submitted++;
            executor.run(() -> etags.put(part.number(), uploader.write(part, upload.destination(), upload.uploadId())));
        }
        executor.awaitAll();
        ObjectRef destination = upload.destination();
        if (stopped) {
            long bytesDone = plan.parts().stream().filter(p -> etags.containsKey(p.number())).mapToLong(MergePlan.Part::length).sum();
            MergeProgress progress = new MergeProgress(upload.uploadId(), upload.fingerprint(), etags.size(), plan.parts().size(), bytesDone,
                    upload.invocation());
            LOG.info("merge into {} continues later: {} of {} parts, {} of {} bytes, after invocation {}", destination, etags.size(),
                    plan.parts().size(), bytesDone, plan.totalBytes(), upload.invocation());
            return Outcome.continueWith(progress);
        }
        List<CompletedPart> parts = new TreeMap<>(etags).entrySet().stream()
                .map(e -> CompletedPart.builder().partNumber(e.getKey()).eTag(e.getValue()).build()).toList();
        String etag = s3.completeMultipartUpload(b -> b.bucket(destination.bucket()).key(destination.key()).uploadId(upload.uploadId())
                .multipartUpload(m -> m.parts(parts))).eTag();
        objects.verifyWritten(destination, plan.totalBytes(), etag, null);
        return Outcome.done(new Merged(plan.totalBytes(), plan.parts().size(), plan.bytesThroughWorker()));
    }

    /** The sources' metadata, read in parallel; the first missing one fails the merge before anything is written. */
    private List<S3Objects.StoredObject> headAll(List<ObjectRef> refs, BoundedExecutor executor) {
        List<Future<S3Objects.StoredObject>> heads = refs.stream().map(r -> executor.submit(() -> objects.require(r))).toList();
        List<S3Objects.StoredObject> sources = new ArrayList<>(refs.size());
        for (Future<S3Objects.StoredObject> head : heads) {
            sources.add(BoundedExecutor.result(head));
        }
        return sources;
    }

    /** What a merge did: bytes written, parts used (0 for one PutObject), bytes read and re-sent by the worker. */
    public record Merged(long bytes, int parts, long bytesThroughWorker) {
    }

    /** A finished merge, or the progress of one that continues in another invocation. */
    public record Outcome(@Nullable Merged merged, @Nullable MergeProgress progress) {

        static Outcome done(Merged merged) {
            return new Outcome(merged, null);
        }

        static Outcome continueWith(MergeProgress progress) {
            return new Outcome(null, progress);
        }

        public boolean finished() {
            return merged != null;
        }
    }
}
