package io.filejobs.core.step.merge;

import java.util.ArrayList;
import java.util.List;

/**
 * Plans a MERGE from the ordered sizes of its sources, within S3's multipart rules: every part but
 * the last at least the minimum part size, none above the maximum, at most the maximum count.
 *
 * <p>Every part but the last is at least {@code floor = max(minPart, ceil(total / (maxParts - 1)))},
 * which keeps the count within bounds. A source (or what is left of it) of at least {@code floor}
 * bytes is copied inside S3 with ranged UploadPartCopy. Smaller sources are gathered into UPLOAD
 * parts that the worker streams; a gathered run still short of {@code floor} is topped up from the
 * head of the next large source, whose remainder is then copied inside S3. A result smaller than
 * the minimum part is one PutObject. Zero-byte sources contribute nothing. Source order is kept.
 */
public final class MergePlanner {

    private final long minPart;
    private final long maxPart;
    private final int maxParts;
    private final long copyPartSize;
    private final boolean serverSideCopy;

    /**
     * @param minPart the smallest part but the last (S3: 5 MiB)
     * @param maxPart the largest part (S3: 5 GiB)
     * @param maxParts the most parts (S3: 10,000)
     * @param copyPartSize the preferred size of a server-side copy part
     */
    public MergePlanner(long minPart, long maxPart, int maxParts, long copyPartSize) {
        this(minPart, maxPart, maxParts, copyPartSize, true);
    }

    private MergePlanner(long minPart, long maxPart, int maxParts, long copyPartSize, boolean serverSideCopy) {
        if (minPart < 1 || maxParts < 2 || maxPart < 3 * minPart) {
            throw new IllegalArgumentException("limits must allow parts of 3 x minPart");
        }
        this.minPart = minPart;
        this.maxPart = maxPart;
        this.maxParts = maxParts;
        this.copyPartSize = copyPartSize;
        this.serverSideCopy = serverSideCopy;
    }

    /**
     * The naive strategy, for comparison in the benchmark: every byte is read and re-uploaded by
     * the worker, in parts of the smallest size the limits allow; nothing is copied inside S3.
     */
    public static MergePlanner streamingOnly(long minPart, long maxPart, int maxParts) {
        return new MergePlanner(minPart, maxPart, maxParts, minPart, false);
    }

    public MergePlan plan(List<Long> sizes) {
        long total = sizes.stream().mapToLong(Long::longValue).sum();
        if (total < minPart) {
            List<MergePlan.Segment> all = new ArrayList<>();
            for (int i = 0; i < sizes.size(); i++) {
                if (sizes.get(i) > 0) {
                    all.add(new MergePlan.Segment(i, 0, sizes.get(i)));
                }
            }
            return new MergePlan(total, true, List.of(new MergePlan.Part(1, MergePlan.Kind.UPLOAD, all)));
        }
        long floor = Math.max(minPart, ceilDiv(total, maxParts - 1));
        if (3 * floor > maxPart) {
            throw new IllegalArgumentException("a merge of " + total + " bytes cannot fit S3's part limits");
        }
        long chunk = Math.max(floor, Math.min(copyPartSize, maxPart - floor));
        Builder b = new Builder();
        for (int i = 0; i < sizes.size(); i++) {
            long size = sizes.get(i);
            long pos = 0;
            while (pos < size) {
                long rest = size - pos;
                if (!serverSideCopy) {
                    long take = Math.min(rest, floor - b.gathered);
                    b.gather(i, pos, pos + take);
                    pos += take;
                    if (b.gathered >= floor) {
                        b.flush();
                    }
                } else if (b.gathered == 0 && rest >= floor) {
                    b.copyRanges(i, pos, size, chunk, floor);
                    pos = size;
                } else if (b.gathered > 0 && rest - (floor - b.gathered) >= floor) {
                    long need = floor - b.gathered;
                    b.gather(i, pos, pos + need);
                    b.flush();
                    pos += need;
                } else {
                    b.gather(i, pos, size);
                    pos = size;
                    if (b.gathered >= floor) {
                        b.flush();
                    }
                }
            }
        }
        b.flush();
        return new MergePlan(total, false, b.parts);
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    /** Accumulates parts and the run of gathered segments not yet flushed. */
    private static final class Builder {
        final List<MergePlan.Part> parts = new ArrayList<>();
        final List<MergePlan.Segment> run = new ArrayList<>();
        long gathered;

        void gather(int source, long start, long end) {
            run.add(new MergePlan.Segment(source, start, end));
            gathered += end - start;
        }

        void flush() {
            if (!run.isEmpty()) {
                parts.add(new MergePlan.Part(parts.size() + 1, MergePlan.Kind.UPLOAD, run));
                run.clear();
                gathered = 0;
            }
        }

        /** Copy parts of {@code chunk} bytes; a short tail joins the part before it. */
        void copyRanges(int source, long start, long end, long chunk, long floor) {
            long pos = start;
            while (pos < end) {
                long stop = Math.min(pos + chunk, end);
                if (end - stop < floor) {
                    stop = end;
                }
                parts.add(new MergePlan.Part(parts.size() + 1, MergePlan.Kind.COPY, List.of(new MergePlan.Segment(source, pos, stop))));
                pos = stop;
            }
        }
    }
}
