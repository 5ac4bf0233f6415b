package io.filejobs.core.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.apache.sshd.common.kex.KexProposalOption;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;

/**
 * An SFTP server on 127.0.0.1 serving a directory, for the IMPORT and EXPORT tests: user {@code
 * partner} logs in with {@link #PASSWORD} or with the key whose public half is given; its host key
 * is made afresh, and {@link #hostKey()} is its fingerprint as a job pins it.
 */
public final class SftpTestServer implements AutoCloseable {

    public static final String USER = "partner";
    public static final String PASSWORD = "sftp-pa55-word";

    private final SshServer server;
    private final List<String> negotiatedCiphers = new CopyOnWriteArrayList<>();

    public SftpTestServer(Path root, PublicKey userKey, SftpEventListener listener) throws IOException {
        this(root, userKey, listener, null);
    }

    /** A server that offers only {@code ciphers} (sshd's defaults when null). */
    public SftpTestServer(Path root, PublicKey userKey, SftpEventListener listener, List<BuiltinCiphers> ciphers) throws IOException {
        server = SshServer.setUpDefaultServer();
        if (ciphers != null) {
            server.setCipherFactories(new ArrayList<>(NamedFactory.setUpBuiltinFactories(false, ciphers)));
        }
        server.addSessionListener(new SessionListener() {
            @Override
            public void sessionEvent(Session session, Event event) {
                if (event == Event.KexCompleted) {
                    negotiatedCiphers.add(session.getNegotiatedKexParameter(KexProposalOption.S2CENC));
                }
            }
        });
        server.setHost("127.0.0.1");
        server.setPort(0);
        // RSA: the JDK signs with it in milliseconds (its P-521 ECDSA, sshd's default, takes seconds per handshake here).
        SimpleGeneratorHostKeyProvider hostKeys = new SimpleGeneratorHostKeyProvider();
        hostKeys.setAlgorithm("RSA");
        hostKeys.setKeySize(2048);
        server.setKeyPairProvider(hostKeys);
        server.setPasswordAuthenticator((user, password, session) -> USER.equals(user) && PASSWORD.equals(password));
        server.setPublickeyAuthenticator((user, key, session) -> USER.equals(user) && userKey != null && KeyUtils.compareKeys(key, userKey));
        SftpSubsystemFactory sftp = new SftpSubsystemFactory.Builder().build();
        if (listener != null) {
            sftp.addSftpEventListener(listener);
        }
        server.setSubsystemFactories(List.of(sftp));
        server.setFileSystemFactory(new VirtualFileSystemFactory(root));
        server.start();
    }

    /** The cipher each connection so far agreed on for what the server sends, in the order they connected. */
    public List<String> negotiatedCiphers() {
        return List.copyOf(negotiatedCiphers);
    }

    public int port() {
        return server.getPort();
    }

    /** The server's host key fingerprint, as {@code ssh-keygen -lf} prints it. */
    public String hostKey() {
        try {
            KeyPair key = server.getKeyPairProvider().loadKeys(null).iterator().next();
            return KeyUtils.getFingerPrint(BuiltinDigests.sha256, key.getPublic());
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }
}
