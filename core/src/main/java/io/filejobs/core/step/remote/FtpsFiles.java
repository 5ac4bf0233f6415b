package io.filejobs.core.step.remote;

import io.filejobs.core.step.StepErrorCode;
import io.filejobs.core.step.StepFailure;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPFile;
import org.apache.commons.net.ftp.FTPReply;
import org.apache.commons.net.ftp.FTPSClient;

/**
 * An FTPS connection ({@link FtpsConnector}). Directories are listed with MLSD where the server has
 * it (exact sizes and times), otherwise with LIST; a read from an offset uses REST; a checksum comes
 * from HASH (SHA-256) or MD5 where the server offers one of them.
 */
final class FtpsFiles implements RemoteFiles {

    private static final Pattern HEX = Pattern.compile("\\b([0-9a-fA-F]{32,128})\\b");

    private final FTPSClient ftp;
    private final String where;
    private Boolean mlst;
    private boolean md5 = true;

    FtpsFiles(FTPSClient ftp, String where) {
        this.ftp = ftp;
        this.where = where;
    }

    private boolean mlst() throws IOException {
        if (mlst == null) {
            mlst = ftp.hasFeature("MLST");
        }
        return mlst;
    }

    @Override
    public List<RemoteFile> list(String directory) {
        try {
            if (!ftp.changeWorkingDirectory(directory)) {
                throw replyFailure("listing " + directory);
            }
            FTPFile[] entries = mlst() ? ftp.mlistDir(directory) : ftp.listFiles(directory);
            if (!FTPReply.isPositiveCompletion(ftp.getReplyCode())) {
                throw replyFailure("listing " + directory);
            }
            List<RemoteFile> files = new ArrayList<>();
            for (FTPFile entry : entries) {
                if (entry != null && entry.isFile()) {
                    String name = entry.getName().substring(entry.getName().lastIndexOf('/') + 1);
                    files.add(new RemoteFile(directory + name, entry.getSize(), entry.getTimestamp() == null ? 0
                            : entry.getTimestamp().getTimeInMillis()));
                }
            }
            return files;
        } catch (IOException e) {
            throw FtpsConnector.failure(e, "listing " + directory + " on the " + where);
        }
    }

    @Override
    public Optional<RemoteFile> stat(String path) {
        try {
            if (mlst()) {
                FTPFile file = ftp.mlistFile(path);
                return file == null || !file.isFile() ? Optional.empty()
                        : Optional.of(new RemoteFile(path, file.getSize(), file.getTimestamp() == null ? 0 : file.getTimestamp().getTimeInMillis()));
            }
            String size = ftp.getSize(path);
            return size == null ? Optional.empty() : Optional.of(new RemoteFile(path, Long.parseLong(size.trim()), 0));
        } catch (IOException | NumberFormatException e) {
            throw FtpsConnector.failure(e, "reading the size of " + path + " on the " + where);
        }
    }

    @Override
    public Optional<InputStream> read(String path, long offset) {
        try {
            ftp.setRestartOffset(offset);
            InputStream in = ftp.retrieveFileStream(path);
            if (in == null) {
                if (offset > 0 && ftp.getReplyCode() != 550) {
                    return Optional.empty();
                }
                throw replyFailure("reading " + path);
            }
            return Optional.of(new RemoteInput(new Transfer(in, path), e -> FtpsConnector.failure(e, "reading " + path + " on the " + where)));
        } catch (IOException e) {
            throw FtpsConnector.failure(e, "reading " + path + " on the " + where);
        } finally {
            ftp.setRestartOffset(0);
        }
    }

    /** A download: closing it reads the server's word on the transfer, which must be a success. */
    private final class Transfer extends FilterInputStream {
        private final String path;
        private boolean closed;

        Transfer(InputStream in, String path) {
            super(in);
            this.path = path;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return in.read(b, off, len);
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            super.close();
            if (!ftp.completePendingCommand()) {
                throw new IOException("the server did not confirm the transfer of " + path + " (" + ftp.getReplyCode() + ")");
            }
        }
    }

    @Override
    public Optional<String> checksum(String path) {
        try {
            if (ftp.hasFeature("HASH")) {
                ftp.sendCommand("OPTS", "HASH SHA-256");
                if (FTPReply.isPositiveCompletion(ftp.sendCommand("HASH", path))) {
                    return parse("SHA-256", ftp.getReplyString());
                }
            }
            // MD5 is answered by servers that do not list it in FEAT (Apache FtpServer); one that does not know it says so once.
            if (md5 && FTPReply.isPositiveCompletion(ftp.sendCommand("MD5", path))) {
                return parse("MD5", ftp.getReplyString());
            }
            md5 = md5 && ftp.getReplyCode() != 500 && ftp.getReplyCode() != 502;
            return Optional.empty();
        } catch (IOException e) {
            throw FtpsConnector.failure(e, "reading the checksum of " + path + " on the " + where);
        }
    }

    private static Optional<String> parse(String algorithm, String reply) {
        Matcher hex = HEX.matcher(reply.substring(Math.min(4, reply.length())));
        int length = algorithm.equals("MD5") ? 32 : 64;
        while (hex.find()) {
            if (hex.group(1).length() == length) {
                return Optional.of(algorithm + ":" + hex.group(1).toLowerCase(Locale.ROOT));
            }
        }
        return Optional.empty();
    }

    @Override
    public OutputStream write(String path) {
        try {
            OutputStream out = ftp.storeFileStream(path);
            if (out == null) {
                throw replyFailure("writing " + path);
            }
            return new RemoteOutput(new FilterOutputStream(out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    super.close();
                    if (!ftp.completePendingCommand()) {
                        throw new IOException("the server did not confirm the upload of " + path + " (" + ftp.getReplyCode() + ")");
                    }
                }
            }, e -> FtpsConnector.failure(e, "writing " + path + " on the " + where));
        } catch (IOException e) {
            throw FtpsConnector.failure(e, "writing " + path + " on the " + where);
        }
    }

    @Override
    public void rename(String from, String to) {
        try {
            if (ftp.rename(from, to)) {
                return;
            }
            // Some servers do not rename over an existing file: take it away first.
            if (ftp.deleteFile(to) && ftp.rename(from, to)) {
                return;
            }
            throw replyFailure("renaming " + from + " to " + to);
        } catch (IOException e) {
            throw FtpsConnector.failure(e, "renaming " + from + " on the " + where);
        }
    }

    @Override
    public void delete(String path) {
        try {
            if (!ftp.deleteFile(path)) {
                throw replyFailure("deleting " + path);
            }
        } catch (IOException e) {
            throw FtpsConnector.failure(e, "deleting " + path + " on the " + where);
        }
    }

    /** The typed failure of a command the server answered with an error. */
    private StepFailure replyFailure(String doing) {
        int code = ftp.getReplyCode();
        String said = doing + " on the " + where + ": the server answered " + code;
        if (code == 550 || code == 553) {
            return new StepFailure(StepErrorCode.REMOTE_NOT_FOUND, said + " (no such file or directory, or not permitted)");
        }
        if (code == 530 || code == 532) {
            return new StepFailure(StepErrorCode.ACCESS_DENIED, said + " (not permitted)");
        }
        return new StepFailure(StepErrorCode.REMOTE_UNAVAILABLE, said + " (tried again later)");
    }

    @Override
    public void close() {
        try {
            if (ftp.isConnected()) {
                ftp.logout();
            }
        } catch (IOException e) {
            // A connection that broke: nothing to log out of.
        } finally {
            disconnect(ftp);
        }
    }

    static void disconnect(FTPClient ftp) {
        try {
            if (ftp.isConnected()) {
                ftp.disconnect();
            }
        } catch (IOException e) {
            // Already gone.
        }
    }
}
