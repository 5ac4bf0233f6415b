package io.filejobs.core.step.remote;

import io.filejobs.core.step.StepErrorCode;
import io.filejobs.core.step.StepFailure;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

/**
 * The connections of one step to its server, opened as the step's parallel work needs them, up to
 * {@code limit}: a connection carries one transfer at a time, and a server takes only so many
 * logins from one user. A connection that failed is closed, not used again.
 */
final class RemotePool implements AutoCloseable {

    private final RemoteConnector connector;
    private final RemoteServer server;
    private final int limit;
    private final Deque<RemoteFiles> idle = new ArrayDeque<>();
    private final List<RemoteFiles> all = new ArrayList<>();

    RemotePool(RemoteConnector connector, RemoteServer server, int limit) {
        this.connector = connector;
        this.server = server;
        this.limit = limit;
    }

    /** Does {@code work} on a connection of the pool. */
    <T> T with(Function<RemoteFiles, T> work) {
        RemoteFiles files = borrow();
        boolean healthy = false;
        try {
            T result = work.apply(files);
            healthy = true;
            return result;
        } catch (StepFailure failure) {
            // A file that is missing or refused leaves the connection as good as it was.
            healthy = failure.code() == StepErrorCode.REMOTE_NOT_FOUND || failure.code() == StepErrorCode.ACCESS_DENIED;
            throw failure;
        } finally {
            giveBack(files, healthy);
        }
    }

    private RemoteFiles borrow() {
        synchronized (this) {
            while (true) {
                if (!idle.isEmpty()) {
                    return idle.pop();
                }
                if (all.size() < limit) {
                    all.add(null);
                    break;
                }
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StepFailure(StepErrorCode.TRANSIENT, "interrupted while waiting for a connection");
                }
            }
        }
        try {
            RemoteFiles opened = connector.open(server);
            synchronized (this) {
                all.set(all.indexOf(null), opened);
            }
            return opened;
        } catch (RuntimeException e) {
            synchronized (this) {
                all.remove(null);
                notifyAll();
            }
            throw e;
        }
    }

    private synchronized void giveBack(RemoteFiles files, boolean healthy) {
        if (healthy) {
            idle.push(files);
        } else {
            all.remove(files);
            files.close();
        }
        notifyAll();
    }

    @Override
    public synchronized void close() {
        for (RemoteFiles files : all) {
            if (files != null) {
                files.close();
            }
        }
        all.clear();
        idle.clear();
    }
}
