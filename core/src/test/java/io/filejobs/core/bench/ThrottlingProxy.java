package io.filejobs.core.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay between the worker and the S3 endpoint that counts the bytes crossing it and, when
 * given a rate, caps each direction to that many bytes per second, as a network link would.
 * Server-side copies happen inside the endpoint and never cross it.
 */
final class ThrottlingProxy implements AutoCloseable {

    final AtomicLong toEndpoint = new AtomicLong();
    final AtomicLong fromEndpoint = new AtomicLong();
    private final ServerSocket server;
    private final Bucket up;
    private final Bucket down;

    ThrottlingProxy(int targetPort, long bytesPerSecond) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.up = new Bucket(bytesPerSecond);
        this.down = new Bucket(bytesPerSecond);
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Socket endpoint = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                    pump(client, endpoint, up, toEndpoint);
                    pump(endpoint, client, down, fromEndpoint);
                } catch (IOException e) {
                    // Closed.
                }
            }
        }, "bench-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private static void pump(Socket from, Socket to, Bucket bucket, AtomicLong counter) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    bucket.take(n);
                    out.write(buffer, 0, n);
                    counter.addAndGet(n);
                }
            } catch (IOException closed) {
                // One side went away.
            } finally {
                try {
                    from.close();
                    to.close();
                } catch (IOException ignored) {
                    // Already closed.
                }
            }
        }, "bench-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    /** A token bucket of one second's worth of bytes; unlimited when the rate is 0. */
    private static final class Bucket {
        private final long rate;
        private double tokens;
        private long last = System.nanoTime();

        Bucket(long rate) {
            this.rate = rate;
            this.tokens = rate;
        }

        synchronized void take(int n) {
            if (rate <= 0) {
                return;
            }
            while (true) {
                long now = System.nanoTime();
                tokens = Math.min(rate, tokens + (now - last) / 1e9 * rate);
                last = now;
                if (tokens >= n) {
                    tokens -= n;
                    return;
                }
                long waitNanos = (long) ((n - tokens) / rate * 1e9);
                try {
                    Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
