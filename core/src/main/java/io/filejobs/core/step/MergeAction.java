package io.filejobs.core.step;

import io.filejobs.core.s3.ObjectRef;
import io.filejobs.core.step.merge.MergePlan;
import io.filejobs.core.step.merge.MergePlanner;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.Part;

/**
 * MERGE: concatenates the sources, in the order given, into the destination. The plan
 * ({@link MergePlanner}) copies large ranges inside S3 and reads small sources through the worker.
 * Parts are written by up to {@code merge-concurrency} threads at once, and the bytes held in memory
 * never exceed {@code merge-buffer-bytes}, whatever the number and size of the sources: a gathered
 * part that fits is fetched and sent from memory, a larger one is streamed.
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
public class MergeAction {

    private static final Logger LOG = LoggerFactory.getLogger(MergeAction.class);
    /** Attempts at reading one gathered segment, the SDK's own retries aside. */
    private static final int READ_ATTEMPTS = 3;

    private final S3Client s3;
    private final S3Objects objects;
    private final StepsConfiguration config;
    private final Clock clock;
    private final MergePlanner planner;

    @Inject
    public MergeAction(S3Client s3, S3Objects objects, StepsConfiguration config, Clock clock) {
        this(s3, objects, config, clock, new MergePlanner(StepsConfiguration.MIN_PART, StepsConfiguration.MAX_SINGLE_COPY,
                StepsConfiguration.MAX_PARTS, config.getCopyPartSize()));
    }

    /** A merge by another planner (the benchmark's naive strategy). */
    public MergeAction(S3Client s3, S3Objects objects, StepsConfiguration config, Clock clock, MergePlanner planner) {
        this.s3 = s3;
        this.objects = objects;
        this.config = config;
        this.clock = clock;
        this.planner = planner;
    }

    /** Merges in one go, however long it takes. */
    public Merged merge(List<ObjectRef> sourceRefs, ObjectRef destination) {
        Outcome outcome = merge(sourceRefs, destination, null, null);
        return outcome.merged();
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
        String doing = "merging " + sourceRefs.size() + " objects into " + destination;
        ExecutorService pool = Executors.newFixedThreadPool(config.getMergeConcurrency(), new WorkerThreads());
        try {
            List<S3Objects.StoredObject> sources = headAll(sourceRefs, pool);
            MergePlan plan = planner.plan(sources.stream().map(S3Objects.StoredObject::size).toList());
            String fingerprint = fingerprint(sources);
            String contentType = sources.get(0).head().contentType();
            if (plan.singlePut()) {
                MergePlan.Part only = plan.parts().get(0);
                String etag = s3.putObject(b -> b.bucket(destination.bucket()).key(destination.key()).contentType(contentType),
                        RequestBody.fromContentProvider(ContentStreamProvider.fromByteArrayUnsafe(read(only, sources)), only.length(),
                                "application/octet-stream")).eTag();
                objects.verifyWritten(destination, plan.totalBytes(), etag, null);
                return Outcome.done(new Merged(plan.totalBytes(), 0, plan.bytesThroughWorker()));
            }
            if (resume != null && !resume.sources().equals(fingerprint)) {
                objects.abortQuietly(destination, resume.uploadId());
                throw new StepFailure(StepErrorCode.PRECONDITION_FAILED,
                        "a source of the merge into " + destination + " changed between two of its invocations; it starts again on the next run");
            }
            // Continue the upload when it is still open; otherwise (a first invocation, or an upload gone) begin one.
            Optional<Map<Integer, Part>> open = resume == null ? Optional.empty() : uploadedParts(destination, resume.uploadId());
            Map<Integer, Part> uploaded = open.orElse(Map.of());
            String uploadId = open.isPresent() ? resume.uploadId()
                    : s3.createMultipartUpload(b -> b.bucket(destination.bucket()).key(destination.key()).contentType(contentType)).uploadId();
            if (open.isEmpty()) {
                journal.started(destination, uploadId);
            }
            int invocation = resume == null ? 1 : resume.invocations() + 1;
            try {
                return writeParts(plan, sources, destination, uploadId, uploaded, fingerprint, invocation,
                        deadline, pool);
            } catch (RuntimeException e) {
                objects.abortQuietly(destination, uploadId);
                throw e;
            }
        } catch (SdkException e) {
            throw S3Failures.classify(e, doing);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Aborts the upload of a merge that will not be continued (its run failed between invocations). */
    public void abandon(ObjectRef destination, MergeProgress progress) {
        objects.abortQuietly(destination, progress.uploadId());
    }

    private Outcome writeParts(MergePlan plan, List<S3Objects.StoredObject> sources, ObjectRef destination, String uploadId,
            Map<Integer, Part> uploaded, String fingerprint, int invocation, @Nullable Instant deadline, ExecutorService pool) {
        Map<Integer, String> etags = new ConcurrentHashMap<>();
        for (MergePlan.Part part : plan.parts()) {
            Part done = uploaded.get(part.number());
            if (done != null && done.size() == part.length()) {
                etags.put(part.number(), done.eTag());
            }
        }
        Semaphore inFlight = new Semaphore(config.getMergeConcurrency());
        Semaphore buffer = new Semaphore(bufferPermits());
        List<Future<?>> running = new ArrayList<>();
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
            failFast(running);
            inFlight.acquireUninterruptibly();
            submitted++;
            running.add(pool.submit(() -> {
                try {
                    etags.put(part.number(), write(part, sources, destination, uploadId, buffer));
                } finally {
                    inFlight.release();
                }
            }));
        }
        awaitAll(running);
        long bytesDone = plan.parts().stream().filter(p -> etags.containsKey(p.number())).mapToLong(MergePlan.Part::length).sum();
        if (stopped) {
            MergeProgress progress = new MergeProgress(uploadId, fingerprint, etags.size(), plan.parts().size(), bytesDone, invocation);
            LOG.info("merge into {} continues later: {} of {} parts, {} of {} bytes, after invocation {}", destination, etags.size(),
                    plan.parts().size(), bytesDone, plan.totalBytes(), invocation);
            return Outcome.continueWith(progress);
        }
        List<CompletedPart> parts = new TreeMap<>(etags).entrySet().stream()
                .map(e -> CompletedPart.builder().partNumber(e.getKey()).eTag(e.getValue()).build()).toList();
        String etag = s3.completeMultipartUpload(b -> b.bucket(destination.bucket()).key(destination.key()).uploadId(uploadId)
                .multipartUpload(m -> m.parts(parts))).eTag();
        objects.verifyWritten(destination, plan.totalBytes(), etag, null);
        return Outcome.done(new Merged(plan.totalBytes(), plan.parts().size(), plan.bytesThroughWorker()));
    }

    private String write(MergePlan.Part part, List<S3Objects.StoredObject> sources, ObjectRef destination, String uploadId, Semaphore buffer) {
        if (part.kind() == MergePlan.Kind.COPY) {
            MergePlan.Segment segment = part.segments().get(0);
            S3Objects.StoredObject source = sources.get(segment.source());
            return s3.uploadPartCopy(b -> b.sourceBucket(source.ref().bucket()).sourceKey(source.ref().key())
                    .destinationBucket(destination.bucket()).destinationKey(destination.key())
                    .uploadId(uploadId).partNumber(part.number()).copySourceIfMatch(source.etag())
                    .copySourceRange(range(segment))).copyPartResult().eTag();
        }
        if (part.length() > bufferPermits()) {
            return s3.uploadPart(b -> b.bucket(destination.bucket()).key(destination.key()).uploadId(uploadId)
                    .partNumber(part.number()).contentLength(part.length()), streamed(part, sources)).eTag();
        }
        int permits = (int) part.length();
        buffer.acquireUninterruptibly(permits);
        try {
            byte[] bytes = read(part, sources);
            return s3.uploadPart(b -> b.bucket(destination.bucket()).key(destination.key()).uploadId(uploadId)
                    .partNumber(part.number()).contentLength(part.length()),
                    RequestBody.fromContentProvider(ContentStreamProvider.fromByteArrayUnsafe(bytes), part.length(), "application/octet-stream"))
                    .eTag();
        } finally {
            buffer.release(permits);
        }
    }

    /**
     * The bytes of a gathered part, read segment by segment with ranged, ETag-pinned GETs. A read
     * that breaks off (a dropped connection) continues from where it stopped.
     */
    private byte[] read(MergePlan.Part part, List<S3Objects.StoredObject> sources) {
        byte[] bytes = new byte[(int) part.length()];
        int offset = 0;
        for (MergePlan.Segment segment : part.segments()) {
            S3Objects.StoredObject source = sources.get(segment.source());
            long start = segment.start();
            for (int attempt = 1; start < segment.end(); attempt++) {
                long from = start;
                try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(source.ref().bucket()).key(source.ref().key())
                        .range("bytes=" + from + "-" + (segment.end() - 1)).ifMatch(source.etag()))) {
                    int n;
                    while (start < segment.end() && (n = in.read(bytes, offset, (int) (segment.end() - start))) > 0) {
                        offset += n;
                        start += n;
                    }
                    if (start < segment.end()) {
                        throw new IOException("the object ended " + (segment.end() - start) + " bytes early");
                    }
                } catch (IOException | SdkClientException e) {
                    if (attempt >= READ_ATTEMPTS) {
                        throw new StepFailure(StepErrorCode.TRANSIENT, "reading " + source.ref() + " failed: " + e.getMessage(), e);
                    }
                    LOG.debug("reading {} broke off at byte {}; reading on", source.ref(), start, e);
                }
            }
        }
        return bytes;
    }

    /** A gathered part larger than the buffer: each segment's GET is opened when the previous one is used up. */
    private RequestBody streamed(MergePlan.Part part, List<S3Objects.StoredObject> sources) {
        return RequestBody.fromContentProvider(() -> {
            Iterator<MergePlan.Segment> segments = part.segments().iterator();
            return new SequenceInputStream(new Enumeration<InputStream>() {
                @Override
                public boolean hasMoreElements() {
                    return segments.hasNext();
                }

                @Override
                public InputStream nextElement() {
                    MergePlan.Segment segment = segments.next();
                    S3Objects.StoredObject source = sources.get(segment.source());
                    return s3.getObject(b -> b.bucket(source.ref().bucket()).key(source.ref().key())
                            .range(range(segment)).ifMatch(source.etag()));
                }
            });
        }, part.length(), "application/octet-stream");
    }

    /** The sources' metadata, read in parallel; the first missing one fails the merge before anything is written. */
    private List<S3Objects.StoredObject> headAll(List<ObjectRef> refs, ExecutorService pool) {
        List<Future<S3Objects.StoredObject>> heads = refs.stream().map(r -> pool.submit(() -> objects.require(r))).toList();
        List<S3Objects.StoredObject> sources = new ArrayList<>(refs.size());
        for (Future<S3Objects.StoredObject> head : heads) {
            sources.add(result(head));
        }
        return sources;
    }

    /** The parts already uploaded, by number; empty when the upload is gone (then the merge starts a new one). */
    private Optional<Map<Integer, Part>> uploadedParts(ObjectRef destination, String uploadId) {
        // Asked first, as not every S3-compatible store refuses ListParts of an aborted upload.
        boolean open = s3.listMultipartUploadsPaginator(b -> b.bucket(destination.bucket()).prefix(destination.key())).uploads().stream()
                .anyMatch(u -> u.key().equals(destination.key()) && u.uploadId().equals(uploadId));
        if (!open) {
            LOG.warn("upload {} of the merge into {} is gone; starting the merge afresh", uploadId, destination);
            return Optional.empty();
        }
        Map<Integer, Part> parts = new TreeMap<>();
        s3.listPartsPaginator(b -> b.bucket(destination.bucket()).key(destination.key()).uploadId(uploadId)).parts()
                .forEach(p -> parts.put(p.partNumber(), p));
        return Optional.of(parts);
    }

    private int bufferPermits() {
        return (int) Math.min(Integer.MAX_VALUE, config.getMergeBufferBytes());
    }

    /**
     * Throws the failure of a finished task at once, so a failing merge stops submitting parts,
     * and drops finished tasks, so the list holds only the parts in flight.
     */
    private static void failFast(List<Future<?>> running) {
        for (Iterator<Future<?>> tasks = running.iterator(); tasks.hasNext();) {
            Future<?> task = tasks.next();
            if (task.isDone()) {
                result(task);
                tasks.remove();
            }
        }
    }

    private static void awaitAll(List<Future<?>> running) {
        RuntimeException first = null;
        for (Future<?> task : running) {
            try {
                result(task);
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                    running.forEach(t -> t.cancel(true));
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private static <T> T result(Future<T> task) {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailure(StepErrorCode.TRANSIENT, "the merge was interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                // The JVM is in trouble (out of memory, say): no clean-up is attempted, as after a kill.
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (java.util.concurrent.CancellationException e) {
            throw new StepFailure(StepErrorCode.TRANSIENT, "a part of the merge was cancelled", e);
        }
    }

    private static String fingerprint(List<S3Objects.StoredObject> sources) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (S3Objects.StoredObject source : sources) {
                digest.update((source.etag() + "/" + source.size() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String range(MergePlan.Segment segment) {
        return "bytes=" + segment.start() + "-" + (segment.end() - 1);
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

    /** Daemon threads named after the merge, so a stuck part shows in a thread dump. */
    private static final class WorkerThreads implements java.util.concurrent.ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "filejobs-merge-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }
}
