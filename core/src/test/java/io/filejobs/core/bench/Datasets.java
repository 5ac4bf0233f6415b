package io.filejobs.core.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The merge benchmark's datasets: the sizes of their sources, in order. */
final class Datasets {

    static final long KIB = 1024;
    static final long MIB = 1024 * KIB;

    private Datasets() {
    }

    static List<String> names() {
        return List.of("8x256MiB", "interleaved-1GiB", "2000x256KiB", "edges", "8GiB");
    }

    static List<Long> sizes(String name) {
        return switch (name) {
            case "8x256MiB" -> Collections.nCopies(8, 256 * MIB);
            case "interleaved-1GiB" -> {
                // 16 pairs of a large and a small object: 16 x (63.5 MiB + 512 KiB) = 1 GiB.
                List<Long> sizes = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    sizes.add(63 * MIB + 512 * KIB);
                    sizes.add(512 * KIB);
                }
                yield sizes;
            }
            case "2000x256KiB" -> Collections.nCopies(2000, 256 * KIB);
            case "edges" -> List.of(0L, 1L, 5 * MIB - 1, 5 * MIB, 5 * MIB + 1);
            case "8GiB" -> Collections.nCopies(32, 256 * MIB);
            default -> throw new IllegalArgumentException("no dataset " + name + "; there are " + names());
        };
    }

    /** The key of source {@code i} of a dataset. */
    static String key(String dataset, int i) {
        return dataset + "/source-" + String.format("%05d", i) + ".bin";
    }
}
