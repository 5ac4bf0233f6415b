package io.filejobs.core.bench;

import java.io.InputStream;
import java.util.Random;

/**
 * Deterministic pseudo-random content: the bytes of source {@code i} of a dataset are the same
 * whenever they are generated, so the expected SHA-256 of a merge is computed without storing it.
 */
final class Content extends InputStream {

    private static final int BLOCK = 1 << 16;
    private byte[] block;
    private final long length;
    private final Random random;
    private long position;
    private int blockPos = BLOCK;

    Content(String dataset, int index, long length) {
        this.length = length;
        this.random = new Random(dataset.hashCode() * 31L + index);
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (position >= length) {
            return -1;
        }
        if (block == null) {
            block = new byte[BLOCK];
        }
        if (blockPos == BLOCK) {
            random.nextBytes(block);
            blockPos = 0;
        }
        int n = (int) Math.min(Math.min(len, BLOCK - blockPos), length - position);
        System.arraycopy(block, blockPos, b, off, n);
        blockPos += n;
        position += n;
        return n;
    }
}
