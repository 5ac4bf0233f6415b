package io.filejobs.core.step.remote;

import io.filejobs.core.step.StepFailure;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Function;

/** A remote file's stream whose failures arrive as typed step failures. */
final class RemoteInput extends FilterInputStream {

    private final Function<IOException, StepFailure> failure;

    RemoteInput(InputStream in, Function<IOException, StepFailure> failure) {
        super(in);
        this.failure = failure;
    }

    @Override
    public int read() {
        try {
            return super.read();
        } catch (IOException e) {
            throw failure.apply(e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) {
        try {
            return in.read(b, off, len);
        } catch (IOException e) {
            throw failure.apply(e);
        }
    }

    @Override
    public void close() {
        try {
            super.close();
        } catch (IOException e) {
            throw failure.apply(e);
        }
    }
}
