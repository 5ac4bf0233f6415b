package io.filejobs.core.step.remote;

import java.io.Closeable;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

/**
 * One open connection to an FTPS or SFTP server, logged in: what IMPORT and EXPORT do there. Every
 * failure is a {@link io.filejobs.core.step.StepFailure} with its typed code (REMOTE_NOT_FOUND,
 * REMOTE_AUTH_FAILED, REMOTE_UNAVAILABLE, ACCESS_DENIED), never naming a credential.
 */
public interface RemoteFiles extends Closeable {

    /** The regular files in a directory (not its subdirectories); REMOTE_NOT_FOUND when there is no such directory. */
    List<RemoteFile> list(String directory);

    /** The file at {@code path}, or empty when there is none. */
    Optional<RemoteFile> stat(String path);

    /**
     * The file's bytes from {@code offset}; closing the stream ends the transfer. An offset the
     * server cannot start at is answered with empty, and the caller reads the file from its start.
     */
    Optional<InputStream> read(String path, long offset);

    /** The server's checksum of a file, as {@code ALGORITHM:hex} (MD5, SHA-256, ...), where it offers one. */
    Optional<String> checksum(String path);

    /** A new file at {@code path}, replacing one there; it is complete when the stream is closed without an error. */
    OutputStream write(String path);

    /** Renames a file, replacing what {@code to} held. */
    void rename(String from, String to);

    void delete(String path);

    @Override
    void close();

    /** A regular file: its path, size in bytes and modification time (epoch milliseconds, 0 when the server gives none). */
    record RemoteFile(String path, long size, long modified) {

        public String name() {
            return path.substring(path.lastIndexOf('/') + 1);
        }
    }
}
