package io.filejobs.core.step.merge;

import java.util.List;

/**
 * How a MERGE writes its destination: one PutObject for a small result, or the parts of a
 * multipart upload, in order.
 *
 * @param totalBytes the size of the result
 * @param singlePut whether the whole result is one PutObject (then {@code parts} holds one UPLOAD part)
 * @param parts the parts in order, numbered from 1
 */
public record MergePlan(long totalBytes, boolean singlePut, List<Part> parts) {

    public MergePlan {
        parts = List.copyOf(parts);
    }

    /** Bytes the worker reads and re-uploads itself (the rest is copied inside S3). */
    public long bytesThroughWorker() {
        return parts.stream().filter(p -> p.kind() == Kind.UPLOAD).mapToLong(Part::length).sum();
    }

    /** A COPY part is one range of one source, copied inside S3; an UPLOAD part is read and sent by the worker. */
    public enum Kind {
        COPY,
        UPLOAD
    }

    /** One part of the result: its number, kind and the source ranges it concatenates. */
    public record Part(int number, Kind kind, List<Segment> segments) {

        public Part {
            segments = List.copyOf(segments);
        }

        public long length() {
            return segments.stream().mapToLong(Segment::length).sum();
        }
    }

    /** Bytes {@code [start, end)} of source number {@code source}. */
    public record Segment(int source, long start, long end) {

        public long length() {
            return end - start;
        }
    }
}
