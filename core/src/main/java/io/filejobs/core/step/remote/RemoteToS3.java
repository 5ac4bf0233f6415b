package io.filejobs.core.step.remote;

import io.filejobs.core.s3.ObjectRef;
import io.filejobs.core.step.S3Failures;
import io.filejobs.core.step.S3Objects;
import io.filejobs.core.step.StepErrorCode;
import io.filejobs.core.step.StepFailure;
import io.filejobs.core.step.StepsConfiguration;
import io.filejobs.core.step.UploadJournal;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Part;

/**
 * Streams one remote file into one object. A file up to the part size is read into memory and put
 * in one request; a larger one goes part by part into a multipart upload, the next part read from
 * the server while the last ones are sent, so at most {@code parts-in-flight + 1} parts are held in
 * memory whatever the file's size. The object must then hold exactly the file's size (and, where
 * the server offers a checksum, the same digest) before the import is done; a failure aborts the
 * upload. An invocation whose time runs out mid-file stops at a part boundary and hands back where
 * it stands, to go on from that byte (or from the file's start when the server cannot resume).
 */
@Singleton
class RemoteToS3 {

    private final S3Client s3;
    private final S3Objects objects;
    private final RemoteConfiguration config;
    private final Clock clock;

    RemoteToS3(S3Client s3, S3Objects objects, RemoteConfiguration config, Clock clock) {
        this.s3 = s3;
        this.objects = objects;
        this.config = config;
        this.clock = clock;
    }

    /** What one call did: the object is complete ({@code etag}), or the upload stands at {@code paused}. */
    record Result(@Nullable String etag, @Nullable ImportProgress.Upload paused) {
    }

    Result put(RemoteFiles remote, RemoteFiles.RemoteFile file, ObjectRef destination, Map<String, String> metadata, UploadJournal journal,
            Instant deadline, @Nullable ImportProgress.Upload resume) {
        Optional<String> expected = config.isVerifyChecksums() && (resume == null || resume.partsDone() == 0)
                ? remote.checksum(file.path()) : Optional.empty();
        MessageDigest digest = expected.map(RemoteToS3::digest).orElse(null);
        if (file.size() <= config.getPartSize() && resume == null) {
            return new Result(putWhole(remote, file, destination, metadata, digest, expected), null);
        }
        return multipart(remote, file, destination, metadata, journal, deadline, resume, digest, expected);
    }

    private String putWhole(RemoteFiles remote, RemoteFiles.RemoteFile file, ObjectRef destination, Map<String, String> metadata,
            @Nullable MessageDigest digest, Optional<String> expected) {
        byte[] bytes = new byte[(int) file.size()];
        try (InputStream in = remote.read(file.path(), 0).orElseThrow()) {
            readFully(in, bytes, file);
            expectEnd(in, file);
        } catch (IOException e) {
            throw new StepFailure(StepErrorCode.REMOTE_UNAVAILABLE, "reading " + file.path() + " failed: " + e.getClass().getSimpleName());
        }
        if (digest != null) {
            digest.update(bytes);
        }
        checkDigest(digest, expected, file);
        try {
            String etag = s3.putObject(b -> b.bucket(destination.bucket()).key(destination.key()).contentLength(file.size())
                    .contentType("application/octet-stream").metadata(metadata), RequestBody.fromBytes(bytes)).eTag();
            objects.verifyWritten(destination, file.size(), etag, null);
            return etag;
        } catch (SdkException e) {
            throw S3Failures.classify(e, "writing " + destination);
        }
    }

    private Result multipart(RemoteFiles remote, RemoteFiles.RemoteFile file, ObjectRef destination, Map<String, String> metadata,
            UploadJournal journal, Instant deadline, @Nullable ImportProgress.Upload resume, @Nullable MessageDigest digest,
            Optional<String> expected) {
        long partSize = Math.max(config.getPartSize(), (file.size() + StepsConfiguration.MAX_PARTS - 1) / StepsConfiguration.MAX_PARTS);
        String uploadId = null;
        List<CompletedPart> parts = new ArrayList<>();
        InputStream in = null;
        if (resume != null) {
            Optional<List<CompletedPart>> done = uploaded(destination, resume);
            Optional<InputStream> from = done.isPresent() ? remote.read(file.path(), resume.partsDone() * resume.partSize()) : Optional.empty();
            if (from.isPresent()) {
                uploadId = resume.uploadId();
                partSize = resume.partSize();
                parts.addAll(done.get());
                in = from.get();
            } else {
                // The upload is gone, or the server cannot start mid-file: the file starts again.
                objects.abortQuietly(destination, resume.uploadId());
                digest = null;
            }
        }
        long sized = partSize;
        try {
            if (uploadId == null) {
                uploadId = s3.createMultipartUpload(b -> b.bucket(destination.bucket()).key(destination.key())
                        .contentType("application/octet-stream").metadata(metadata)).uploadId();
                journal.started(destination, uploadId);
                in = remote.read(file.path(), 0).orElseThrow();
            }
        } catch (SdkException e) {
            throw S3Failures.classify(e, "starting the upload to " + destination);
        }
        String id = uploadId;
        ExecutorService senders = Executors.newFixedThreadPool(config.getPartsInFlight(), r -> {
            Thread t = new Thread(r, "filejobs-import-part");
            t.setDaemon(true);
            return t;
        });
        Semaphore slots = new Semaphore(config.getPartsInFlight());
        List<Future<CompletedPart>> sending = new ArrayList<>();
        // The digest of the bytes read is taken on a thread of its own, a part behind the reading.
        MessageDigest digester = digest;
        ExecutorService digesting = digester == null ? null : Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "filejobs-import-digest");
            t.setDaemon(true);
            return t;
        });
        Future<?> lastDigest = null;
        boolean complete = false;
        try {
            long position = (long) parts.size() * sized;
            int number = parts.size() + 1;
            while (position < file.size()) {
                byte[] bytes = new byte[(int) Math.min(sized, file.size() - position)];
                readFully(in, bytes, file);
                if (digesting != null) {
                    awaitDigest(lastDigest);
                    lastDigest = digesting.submit(() -> digester.update(bytes));
                }
                slots.acquireUninterruptibly();
                int partNumber = number++;
                sending.add(senders.submit(() -> {
                    try {
                        String etag = s3.uploadPart(b -> b.bucket(destination.bucket()).key(destination.key()).uploadId(id)
                                .partNumber(partNumber).contentLength((long) bytes.length), RequestBody.fromBytes(bytes)).eTag();
                        return CompletedPart.builder().partNumber(partNumber).eTag(etag).build();
                    } finally {
                        slots.release();
                    }
                }));
                position += bytes.length;
                failFast(sending);
                if (position < file.size() && !clock.instant().isBefore(deadline)) {
                    for (Future<CompletedPart> part : sending) {
                        parts.add(await(part, destination));
                    }
                    closeQuietly(in);
                    complete = true;
                    return new Result(null, new ImportProgress.Upload(file.path(), file.size(), file.modified(), destination.bucket(),
                            destination.key(), id, sized, parts.size()));
                }
            }
            expectEnd(in, file);
            for (Future<CompletedPart> part : sending) {
                parts.add(await(part, destination));
            }
            in.close();
            awaitDigest(lastDigest);
            checkDigest(digester, expected, file);
            String etag = s3.completeMultipartUpload(b -> b.bucket(destination.bucket()).key(destination.key()).uploadId(id)
                    .multipartUpload(m -> m.parts(parts))).eTag();
            objects.verifyWritten(destination, file.size(), etag, null);
            complete = true;
            return new Result(etag, null);
        } catch (IOException e) {
            throw new StepFailure(StepErrorCode.REMOTE_UNAVAILABLE, "reading " + file.path() + " failed: " + e.getClass().getSimpleName());
        } catch (SdkException e) {
            throw S3Failures.classify(e, "writing " + destination);
        } finally {
            senders.shutdownNow();
            if (digesting != null) {
                digesting.shutdownNow();
            }
            if (!complete) {
                closeQuietly(in);
                objects.abortQuietly(destination, id);
            }
        }
    }

    private static void awaitDigest(@Nullable Future<?> digest) {
        if (digest == null) {
            return;
        }
        try {
            digest.get();
        } catch (ExecutionException e) {
            throw new StepFailure(StepErrorCode.INTERNAL, "the digest of the bytes read failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailure(StepErrorCode.TRANSIENT, "interrupted while importing");
        }
    }

    /** The parts an earlier invocation sent, when its upload is still open and holds them all. */
    private Optional<List<CompletedPart>> uploaded(ObjectRef destination, ImportProgress.Upload resume) {
        try {
            List<CompletedPart> parts = new ArrayList<>();
            for (Part part : s3.listPartsPaginator(b -> b.bucket(destination.bucket()).key(destination.key()).uploadId(resume.uploadId()))
                    .parts()) {
                if (part.partNumber() <= resume.partsDone()) {
                    parts.add(CompletedPart.builder().partNumber(part.partNumber()).eTag(part.eTag()).build());
                }
            }
            parts.sort((a, b) -> Integer.compare(a.partNumber(), b.partNumber()));
            return parts.size() == resume.partsDone() ? Optional.of(parts) : Optional.empty();
        } catch (SdkException e) {
            return Optional.empty();
        }
    }

    /** Throws the failure of a part already sent, so a broken upload stops reading at once. */
    private static void failFast(List<Future<CompletedPart>> sending) {
        for (Future<CompletedPart> part : sending) {
            if (part.isDone()) {
                try {
                    part.get();
                } catch (ExecutionException e) {
                    throw rethrown(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StepFailure(StepErrorCode.TRANSIENT, "interrupted while importing");
                }
            }
        }
    }

    private static CompletedPart await(Future<CompletedPart> part, ObjectRef destination) {
        try {
            return part.get();
        } catch (ExecutionException e) {
            throw rethrown(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailure(StepErrorCode.TRANSIENT, "interrupted while writing " + destination);
        }
    }

    private static RuntimeException rethrown(ExecutionException e) {
        if (e.getCause() instanceof SdkException sdk) {
            return S3Failures.classify(sdk, "writing a part");
        }
        return e.getCause() instanceof RuntimeException runtime ? runtime : new StepFailure(StepErrorCode.INTERNAL, String.valueOf(e.getCause()));
    }

    private static void readFully(InputStream in, byte[] bytes, RemoteFiles.RemoteFile file) throws IOException {
        int filled = 0;
        while (filled < bytes.length) {
            int n = in.read(bytes, filled, bytes.length - filled);
            if (n < 0) {
                throw new StepFailure(StepErrorCode.TRANSIENT, file.path() + " ended before the " + file.size() + " bytes it was listed with:"
                        + " it changed while it was read (tried again later)");
            }
            filled += n;
        }
    }

    private static void expectEnd(InputStream in, RemoteFiles.RemoteFile file) throws IOException {
        if (in.read() >= 0) {
            throw new StepFailure(StepErrorCode.TRANSIENT, file.path() + " holds more than the " + file.size() + " bytes it was listed with:"
                    + " it is still being written (tried again later)");
        }
    }

    private static MessageDigest digest(String checksum) {
        try {
            return MessageDigest.getInstance(checksum.substring(0, checksum.indexOf(':')));
        } catch (NoSuchAlgorithmException e) {
            return null;
        }
    }

    /** Compares the digest of the bytes read with the server's checksum before the object is written, so a mismatch writes nothing. */
    private static void checkDigest(@Nullable MessageDigest digest, Optional<String> expected, RemoteFiles.RemoteFile file) {
        if (digest == null || expected.isEmpty()) {
            return;
        }
        String ours = digest.getAlgorithm() + ":" + HostKeys.hex(digest.digest());
        if (!ours.equalsIgnoreCase(expected.get())) {
            throw new StepFailure(StepErrorCode.TRANSIENT, "the server's checksum of " + file.path() + " (" + expected.get()
                    + ") differs from that of the bytes read (" + ours + "); nothing was written (tried again later)");
        }
    }

    private static void closeQuietly(@Nullable InputStream in) {
        if (in == null) {
            return;
        }
        try {
            in.close();
        } catch (IOException | RuntimeException e) {
            // A transfer stopped on purpose, or one that broke: the connection is closed after it.
        }
    }
}
