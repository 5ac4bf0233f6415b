package io.filejobs.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP proxy that forwards everything to an upstream server, except that the first
 * {@code losses} connections are cut the moment upstream starts its final (non-100) answer: the
 * request has been carried out, but the client never hears so, and retries.
 */
public final class LostResponseProxy implements AutoCloseable {

    private final ServerSocket server;
    private final InetSocketAddress upstream;
    private final AtomicInteger lossesLeft;
    private final AtomicInteger cut = new AtomicInteger();

    public LostResponseProxy(URI upstream, int losses) throws IOException {
        this.upstream = new InetSocketAddress(upstream.getHost(), upstream.getPort());
        this.lossesLeft = new AtomicInteger(losses);
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "lost-response-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** How many answers were cut so far. */
    public int answersLost() {
        return cut.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket target = new Socket(upstream.getAddress(), upstream.getPort());
                boolean doomed = lossesLeft.getAndDecrement() > 0;
                pump(client, target, false);
                pump(target, client, doomed);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean cutFinalAnswer) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    if (cutFinalAnswer && isFinalStatusLine(buffer, n)) {
                        cut.incrementAndGet();
                        from.close();
                        to.close();
                        return;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException closed) {
                // One side went away; close both below.
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        });
        t.setDaemon(true);
        t.start();
    }

    private static boolean isFinalStatusLine(byte[] buffer, int length) {
        String head = new String(buffer, 0, Math.min(length, 16), StandardCharsets.US_ASCII);
        return head.startsWith("HTTP/1.1 ") && !head.startsWith("HTTP/1.1 100");
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
