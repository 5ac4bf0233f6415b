package io.filejobs.core.step.remote;

import io.filejobs.core.step.StepErrorCode;
import io.filejobs.core.step.StepFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.extensions.CheckFileNameExtension;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

/** An SFTP connection ({@link SftpConnector}): reads in flight ahead of the reader, renames over an existing file. */
final class SftpFiles implements RemoteFiles {

    private static final int BUFFER = 64 * 1024;
    /** Digests a server may offer through the check-file extension, the strongest first. */
    private static final List<String> CHECKSUMS = List.of("sha256", "sha512", "sha1", "md5");

    private final ClientSession session;
    private final SftpClient sftp;
    private final String where;
    private boolean checksums = true;

    SftpFiles(ClientSession session, SftpClient sftp, RemoteUrl url) {
        this.session = session;
        this.sftp = sftp;
        this.where = "SFTP server " + url.host() + ":" + url.port();
    }

    @Override
    public List<RemoteFile> list(String directory) {
        try {
            List<RemoteFile> files = new ArrayList<>();
            for (SftpClient.DirEntry entry : sftp.readDir(directory)) {
                SftpClient.Attributes attributes = entry.getAttributes();
                if (attributes.isRegularFile()) {
                    files.add(new RemoteFile(directory + entry.getFilename(), attributes.getSize(), modified(attributes)));
                }
            }
            return files;
        } catch (IOException e) {
            throw failure(e, "listing " + directory);
        } catch (java.io.UncheckedIOException e) {
            // The listing is read lazily, as it is iterated.
            throw failure(e.getCause(), "listing " + directory);
        }
    }

    @Override
    public Optional<RemoteFile> stat(String path) {
        try {
            SftpClient.Attributes attributes = sftp.stat(path);
            return attributes.isRegularFile() ? Optional.of(new RemoteFile(path, attributes.getSize(), modified(attributes))) : Optional.empty();
        } catch (SftpException e) {
            if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE || e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_PATH) {
                return Optional.empty();
            }
            throw failure(e, "reading the size of " + path);
        } catch (IOException e) {
            throw failure(e, "reading the size of " + path);
        }
    }

    @Override
    public Optional<InputStream> read(String path, long offset) {
        try {
            InputStream in = sftp.read(path, BUFFER);
            if (offset > 0 && in.skip(offset) != offset) {
                in.close();
                return Optional.empty();
            }
            return Optional.of(new RemoteInput(in, e -> failure(e, "reading " + path)));
        } catch (IOException e) {
            throw failure(e, "reading " + path);
        }
    }

    @Override
    public Optional<String> checksum(String path) {
        try {
            CheckFileNameExtension check = sftp.getExtension(CheckFileNameExtension.class);
            if (check == null || !checksums) {
                return Optional.empty();
            }
            Map.Entry<String, java.util.Collection<byte[]>> hash = check.checkFileName(path, CHECKSUMS, 0, 0, 0);
            if (hash == null || hash.getValue().size() != 1) {
                return Optional.empty();
            }
            return Optional.of(HostKeys.digestName(hash.getKey()) + ":" + HostKeys.hex(hash.getValue().iterator().next()));
        } catch (SftpException e) {
            // Many servers do not answer check-file (OpenSSH among them): they are checked by size alone, and not asked again.
            checksums = e.getStatus() != SftpConstants.SSH_FX_OP_UNSUPPORTED;
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            checksums = false;
            return Optional.empty();
        }
    }

    @Override
    public OutputStream write(String path) {
        try {
            return new RemoteOutput(sftp.write(path, BUFFER), e -> failure(e, "writing " + path));
        } catch (IOException e) {
            throw failure(e, "writing " + path);
        }
    }

    @Override
    public void rename(String from, String to) {
        try {
            sftp.rename(from, to, SftpClient.CopyMode.Overwrite);
        } catch (IOException | UnsupportedOperationException e) {
            // SFTP version 3 servers do not replace the target: take it away first (the complete file is renamed in right after).
            try {
                if (stat(to).isPresent()) {
                    sftp.remove(to);
                }
                sftp.rename(from, to);
            } catch (IOException again) {
                throw failure(again, "renaming " + from + " to " + to);
            }
        }
    }

    @Override
    public void delete(String path) {
        try {
            sftp.remove(path);
        } catch (IOException e) {
            throw failure(e, "deleting " + path);
        }
    }

    @Override
    public void close() {
        try {
            sftp.close();
        } catch (IOException e) {
            // Closing a connection that broke: nothing more to do.
        } finally {
            session.close(true);
        }
    }

    private static long modified(SftpClient.Attributes attributes) {
        return attributes.getModifyTime() == null ? 0 : attributes.getModifyTime().toMillis();
    }

    private StepFailure failure(IOException e, String doing) {
        if (e instanceof SftpException sftpError) {
            return switch (sftpError.getStatus()) {
                case SftpConstants.SSH_FX_NO_SUCH_FILE, SftpConstants.SSH_FX_NO_SUCH_PATH ->
                    new StepFailure(StepErrorCode.REMOTE_NOT_FOUND, doing + " on the " + where + ": no such file or directory");
                case SftpConstants.SSH_FX_PERMISSION_DENIED ->
                    new StepFailure(StepErrorCode.ACCESS_DENIED, doing + " on the " + where + ": permission denied");
                default -> new StepFailure(StepErrorCode.REMOTE_UNAVAILABLE, doing + " on the " + where + " failed: "
                        + SftpConstants.getStatusName(sftpError.getStatus()));
            };
        }
        return SftpConnector.failure(e, doing + " on the " + where, true);
    }
}
