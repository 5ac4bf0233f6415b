package io.filejobs.storage.local;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * An S3-compatible endpoint whose buckets are directories and whose objects are plain files under
 * one base directory. It accepts any credentials, so any S3 client can talk to it. Listing pages
 * are cut from one walk of the folder while nothing writes to the bucket ({@link ListingCache}). Each
 * object created raises an event for whoever listens ({@link #onObjectCreated}).
 */
public final class LocalS3Server implements AutoCloseable {

    private final S3Proxy proxy;
    private final String host;
    private final ListingCache store;
    private final CreatedEvents events;

    private LocalS3Server(S3Proxy proxy, String host, ListingCache store, CreatedEvents events) {
        this.proxy = proxy;
        this.host = host;
        this.store = store;
        this.events = events;
    }

    /**
     * Starts the endpoint.
     *
     * @param baseDir directory that holds one sub-directory per bucket; created when missing
     * @param host address to bind, normally 127.0.0.1
     * @param port port to bind, 0 for any free port
     */
    public static LocalS3Server start(Path baseDir, String host, int port) throws IOException {
        Files.createDirectories(baseDir);
        ListingCache store = new ListingCache(new FilesystemNio2BlobStore(baseDir.toAbsolutePath().toString()));
        CreatedEvents events = new CreatedEvents(store, Clock.systemUTC());
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(events)
                .endpoint(URI.create("http://" + host + ":" + port))
                .awsAuthentication(AuthenticationType.NONE, null, null)
                .ignoreUnknownHeaders(true)
                .build();
        try {
            proxy.start();
        } catch (Exception e) {
            throw new IOException("could not start the local S3 endpoint on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        return new LocalS3Server(proxy, host, store, events);
    }

    /** How many object-created events were handed to the listener so far (a client that sends a write twice makes two). */
    public long eventsRaised() {
        return events.raised();
    }

    /** Tells {@code listener} of every object created from now on ({@link ObjectCreatedListener}); replaces the one before. */
    public void onObjectCreated(ObjectCreatedListener listener) {
        events.listen(listener);
    }

    /** How many times a listing walked a bucket's folder (tests). */
    long listingWalks() {
        return store.walks();
    }

    public int port() {
        return proxy.getPort();
    }

    public URI endpoint() {
        return URI.create("http://" + host + ":" + port());
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the local S3 endpoint", e);
        }
    }
}
