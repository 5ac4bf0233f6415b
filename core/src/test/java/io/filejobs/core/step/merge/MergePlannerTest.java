package io.filejobs.core.step.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class MergePlannerTest {

    private static final long MIB = 1024 * 1024;
    private static final MergePlanner S3 = new MergePlanner(5 * MIB, 5 * 1024 * MIB, 10_000, 512 * MIB);

    /** A planner with small made-up limits, and sizes to merge with it. */
    record Case(long minPart, int maxParts, long copyPartSize, List<Long> sizes) {
    }

    @Provide
    Arbitrary<Case> cases() {
        return Combinators.combine(
                        Arbitraries.longs().between(1, 40),
                        Arbitraries.integers().between(2, 60),
                        Arbitraries.longs().between(1, 200))
                .flatAs((minPart, maxParts, copyPart) -> Arbitraries.oneOf(
                                Arbitraries.just(0L),
                                Arbitraries.longs().between(1, minPart),
                                Arbitraries.longs().between(minPart - 1, minPart + 1),
                                Arbitraries.longs().between(1, 20 * minPart))
                        .list().ofMinSize(1).ofMaxSize(40)
                        .map(sizes -> new Case(minPart, maxParts, Math.max(copyPart, minPart), sizes)));
    }

    private static MergePlan plan(Case c) {
        return new MergePlanner(c.minPart(), Long.MAX_VALUE / 4, c.maxParts(), c.copyPartSize()).plan(c.sizes());
    }

    @Property(tries = 2000)
    void everyByteOfEverySourceIsCoveredOnceInOrder(@ForAll("cases") Case c) {
        MergePlan plan = plan(c);
        int source = 0;
        long offset = 0;
        for (MergePlan.Part part : plan.parts()) {
            for (MergePlan.Segment s : part.segments()) {
                while (source < c.sizes().size() && offset == c.sizes().get(source)) {
                    source++;
                    offset = 0;
                }
                assertEquals(source, s.source(), "segments follow the sources in order");
                assertEquals(offset, s.start(), "no gap and no overlap");
                assertTrue(s.end() > s.start() && s.end() <= c.sizes().get(source));
                offset = s.end();
            }
        }
        while (source < c.sizes().size() && offset == c.sizes().get(source)) {
            source++;
            offset = 0;
        }
        assertEquals(c.sizes().size(), source, "every source was reached to its end");
        assertEquals(c.sizes().stream().mapToLong(Long::longValue).sum(), plan.totalBytes());
    }

    @Property(tries = 2000)
    void everyPlanKeepsS3sPartRules(@ForAll("cases") Case c) {
        MergePlan plan = plan(c);
        assertEquals(plan.totalBytes() < c.minPart(), plan.singlePut());
        assertTrue(plan.parts().size() <= c.maxParts(), "at most maxParts parts");
        for (int i = 0; i < plan.parts().size(); i++) {
            MergePlan.Part part = plan.parts().get(i);
            assertEquals(i + 1, part.number());
            boolean last = i == plan.parts().size() - 1;
            assertTrue(last || part.length() >= c.minPart(), () -> "part " + part + " is below the minimum");
            if (part.kind() == MergePlan.Kind.COPY) {
                assertEquals(1, part.segments().size(), "a copy part is one range of one source");
            }
        }
    }

    @Property(tries = 2000)
    void theWorkerHandlesOnlySmallSourcesAndTheEdgesOfLargeOnes(@ForAll("cases") Case c) {
        MergePlan plan = plan(c);
        long total = plan.totalBytes();
        long floor = Math.max(c.minPart(), (total + c.maxParts() - 2) / (c.maxParts() - 1));
        long bound = c.sizes().stream().mapToLong(s -> Math.min(s, 2 * floor)).sum();
        assertTrue(plan.bytesThroughWorker() <= bound, () -> plan.bytesThroughWorker() + " > " + bound);
    }

    @Test
    void eightLargeSourcesAreCopiedEntirelyInsideS3() {
        MergePlan plan = S3.plan(Collections.nCopies(8, 256 * MIB));
        assertEquals(0, plan.bytesThroughWorker());
        assertEquals(8, plan.parts().size());
    }

    @Test
    void twoThousandSmallSourcesBecomeFiveMibUploads() {
        MergePlan plan = S3.plan(Collections.nCopies(2000, 256 * 1024L));
        assertEquals(2000 * 256 * 1024L, plan.bytesThroughWorker());
        assertEquals(100, plan.parts().size(), "500 MiB in parts of 5 MiB, 20 sources each");
    }

    @Test
    void theEdgeSizesKeepTheirOrder() {
        List<Long> sizes = List.of(0L, 1L, 5 * MIB - 1, 5 * MIB, 5 * MIB + 1);
        MergePlan plan = S3.plan(sizes);
        assertEquals(15 * MIB + 1, plan.totalBytes());
        List<Integer> order = new ArrayList<>();
        plan.parts().forEach(p -> p.segments().forEach(s -> {
            if (order.isEmpty() || order.get(order.size() - 1) != s.source()) {
                order.add(s.source());
            }
        }));
        assertEquals(List.of(1, 2, 3, 4), order);
        // 1 + (5 MiB - 1) is exactly one minimum part gathered; then the 5 MiB source is copied inside S3.
        assertEquals(MergePlan.Kind.UPLOAD, plan.parts().get(0).kind());
        assertEquals(5 * MIB, plan.parts().get(0).length());
        assertEquals(MergePlan.Kind.COPY, plan.parts().get(1).kind());
    }

    @Test
    void aSmallRunBeforeALargeSourceIsToppedUpFromItsHead() {
        MergePlan plan = S3.plan(List.of(MIB, 100 * MIB));
        assertEquals(2, plan.parts().size());
        assertEquals(MergePlan.Kind.UPLOAD, plan.parts().get(0).kind());
        assertEquals(List.of(new MergePlan.Segment(0, 0, MIB), new MergePlan.Segment(1, 0, 4 * MIB)), plan.parts().get(0).segments());
        assertEquals(List.of(new MergePlan.Segment(1, 4 * MIB, 100 * MIB)), plan.parts().get(1).segments());
        assertEquals(5 * MIB, plan.bytesThroughWorker());
    }

    @Test
    void smallResultsAreOnePutAndEmptySourcesContributeNothing() {
        assertTrue(S3.plan(List.of(10L, 0L, 20L)).singlePut());
        MergePlan empty = S3.plan(List.of(0L, 0L));
        assertTrue(empty.singlePut());
        assertEquals(0, empty.totalBytes());
        assertEquals(List.of(), empty.parts().get(0).segments());
    }

    @Test
    void aHugeMergeRaisesThePartSizeToStayWithinTenThousandParts() {
        long fiveTiB = 5L * 1024 * 1024 * MIB;
        MergePlan plan = S3.plan(Collections.nCopies(5 * 1024, 1024 * MIB));
        assertEquals(fiveTiB, plan.totalBytes());
        assertTrue(plan.parts().size() <= 10_000, plan.parts().size() + " parts");
        assertTrue(plan.parts().stream().allMatch(p -> p.length() <= 5 * 1024 * MIB));
        MergePlan manySmall = S3.plan(Collections.nCopies(60_000, MIB));
        assertTrue(manySmall.parts().size() <= 10_000);
    }
}
