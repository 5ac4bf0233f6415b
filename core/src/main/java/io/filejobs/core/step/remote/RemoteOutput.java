package io.filejobs.core.step.remote;

import io.filejobs.core.step.StepFailure;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Function;

/** A stream to a remote file whose failures arrive as typed step failures. */
final class RemoteOutput extends FilterOutputStream {

    private final Function<IOException, StepFailure> failure;

    RemoteOutput(OutputStream out, Function<IOException, StepFailure> failure) {
        super(out);
        this.failure = failure;
    }

    @Override
    public void write(int b) {
        try {
            out.write(b);
        } catch (IOException e) {
            throw failure.apply(e);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) {
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw failure.apply(e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw failure.apply(e);
        }
    }
}
