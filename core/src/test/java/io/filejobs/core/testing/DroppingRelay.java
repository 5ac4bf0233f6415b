package io.filejobs.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP relay to a server that cuts the first {@code drops} connections once {@code
 * afterBytes} bytes have gone from the server to the client: a connection that breaks mid-file.
 */
public final class DroppingRelay implements AutoCloseable {

    private final ServerSocket server;
    private final InetSocketAddress upstream;
    private final long afterBytes;
    private final AtomicInteger dropsLeft;
    private final AtomicInteger dropped = new AtomicInteger();

    public DroppingRelay(int upstreamPort, long afterBytes, int drops) throws IOException {
        this.upstream = new InetSocketAddress("127.0.0.1", upstreamPort);
        this.afterBytes = afterBytes;
        this.dropsLeft = new AtomicInteger(drops);
        this.server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread acceptor = new Thread(this::accept, "dropping-relay");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** How many connections were cut. */
    public int dropped() {
        return dropped.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket target = new Socket(upstream.getAddress(), upstream.getPort());
                boolean drop = dropsLeft.getAndDecrement() > 0;
                pump(client, target, Long.MAX_VALUE);
                pump(target, client, drop ? afterBytes : Long.MAX_VALUE);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, long limit) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            long sent = 0;
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    sent += n;
                    if (sent >= limit) {
                        dropped.incrementAndGet();
                        break;
                    }
                }
            } catch (IOException e) {
                // One side went away.
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "dropping-relay-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Already closed.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
