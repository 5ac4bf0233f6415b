package io.filejobs.core.step.remote;

import io.filejobs.core.secret.Secret;
import io.filejobs.core.step.StepErrorCode;
import io.filejobs.core.step.StepFailure;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;

/**
 * Opens SFTP connections: one SSH client for the process, started when first needed. The server's
 * host key must have the SHA-256 fingerprint the step pins ({@code hostKey}, as {@code ssh-keygen
 * -lf} prints it); any other key, a changed one included, ends the connection before credentials
 * are sent. The user logs in with the password or the OpenSSH private key of the named secret.
 */
@Singleton
public class SftpConnector {

    /** Where a connection keeps what its host key check needs and what it saw. */
    private static final AttributeRepository.AttributeKey<HostKeyCheck> CHECK = new AttributeRepository.AttributeKey<>();

    /**
     * The ciphers offered, in order of preference. AES-GCM and AES-CTR run on the JDK's AES (and
     * GHASH) intrinsics; sshd's own ChaCha20-Poly1305, its default first choice, is plain Java (a
     * 1 GiB import over loopback: 46 MiB/s with it, 55 MiB/s with AES-GCM). It stays last for
     * servers that offer nothing else; CBC modes are not offered.
     */
    static final List<BuiltinCiphers> CIPHERS = List.of(BuiltinCiphers.aes128gcm, BuiltinCiphers.aes256gcm, BuiltinCiphers.aes128ctr,
            BuiltinCiphers.aes192ctr, BuiltinCiphers.aes256ctr, BuiltinCiphers.cc20p1305_openssh);

    private final RemoteConfiguration config;
    private SshClient client;

    public SftpConnector(RemoteConfiguration config) {
        this.config = config;
    }

    private synchronized SshClient client() {
        if (client == null) {
            SshClient c = SshClient.setUpDefaultClient();
            c.setServerKeyVerifier((session, address, key) -> {
                AttributeRepository connection = session.getConnectionContext();
                HostKeyCheck check = connection == null ? null : connection.getAttribute(CHECK);
                return check != null && check.accepts(key);
            });
            // No agent, no ~/.ssh: the only identities are the secret's.
            c.setKeyIdentityProvider(session -> List.of());
            c.setCipherFactories(new ArrayList<>(NamedFactory.setUpBuiltinFactories(false, CIPHERS)));
            c.start();
            client = c;
        }
        return client;
    }

    @PreDestroy
    synchronized void stop() {
        if (client != null) {
            client.stop();
            client = null;
        }
    }

    /** Connects and logs in; the caller closes what it is given. */
    public RemoteFiles open(RemoteUrl url, String hostKey, Secret secret) {
        HostKeyCheck check = new HostKeyCheck(hostKey);
        String where = url.host() + ":" + url.port();
        ClientSession session = null;
        try {
            session = client().connect(secret.username(), url.host(), url.port(), AttributeRepository.ofKeyValuePair(CHECK, check), null)
                    .verify(config.getConnectTimeout()).getSession();
            if (secret.privateKey() != null) {
                for (KeyPair key : keys(secret.privateKey())) {
                    session.addPublicKeyIdentity(key);
                }
            } else {
                session.addPasswordIdentity(secret.password());
            }
            session.auth().verify(config.getConnectTimeout());
            SftpClient sftp = SftpClientFactory.instance().createSftpClient(session);
            return new SftpFiles(session, sftp, url);
        } catch (IOException | RuntimeException e) {
            if (session != null) {
                session.close(true);
            }
            if (e instanceof StepFailure failure) {
                throw failure;
            }
            if (check.seen.get() != null && !check.matched) {
                throw new StepFailure(StepErrorCode.REMOTE_AUTH_FAILED, "the SFTP server " + where + " showed host key " + check.seen.get()
                        + ", not the " + hostKey + " the step pins; nothing was sent to it");
            }
            if (e instanceof SshException && String.valueOf(e.getMessage()).startsWith("Unable to negotiate")) {
                // No cipher, MAC or key exchange both sides accept: trying again cannot help.
                throw new StepFailure(StepErrorCode.REMOTE_AUTH_FAILED, "the SFTP server " + where + " and FileJobs share no algorithm: "
                        + e.getMessage() + "; nothing was sent to it");
            }
            throw failure(e, "connecting to SFTP server " + where, check.matched);
        }
    }

    private static Iterable<KeyPair> keys(String privateKey) {
        try {
            Iterable<KeyPair> keys = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName("secret"),
                    new ByteArrayInputStream(privateKey.getBytes(StandardCharsets.UTF_8)), null);
            if (keys == null || !keys.iterator().hasNext()) {
                throw new StepFailure(StepErrorCode.REMOTE_AUTH_FAILED, "the secret's privateKey holds no key that can be read");
            }
            return keys;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            if (e instanceof StepFailure failure) {
                throw failure;
            }
            // The parser's message may quote the key; it is not passed on.
            throw new StepFailure(StepErrorCode.REMOTE_AUTH_FAILED, "the secret's privateKey cannot be read as an OpenSSH or PEM private key"
                    + " without a passphrase");
        }
    }

    /** The typed failure of a connection that broke, or of a login the server refused once its key was accepted. */
    static StepFailure failure(Exception e, String doing, boolean loggedInOrKeyAccepted) {
        if (e instanceof UnknownHostException) {
            return new StepFailure(StepErrorCode.REMOTE_UNAVAILABLE, doing + " failed: the host name does not resolve");
        }
        if (e instanceof ConnectException || e instanceof InterruptedIOException) {
            return new StepFailure(StepErrorCode.REMOTE_UNAVAILABLE, doing + " failed: " + e.getClass().getSimpleName() + " (tried again later)");
        }
        String message = String.valueOf(e.getMessage());
        if (e instanceof SshException && loggedInOrKeyAccepted && message.contains("authentication")) {
            return new StepFailure(StepErrorCode.REMOTE_AUTH_FAILED, doing + ": the server refused the secret's credentials");
        }
        // An SSH library's message names states and timeouts, never a credential.
        return new StepFailure(StepErrorCode.REMOTE_UNAVAILABLE, doing + " failed: " + e.getClass().getSimpleName()
                + (e instanceof SshException ? " (" + message + ")" : "") + " (tried again later)");
    }

    /** The pinned fingerprint, and the one the server showed. */
    private static final class HostKeyCheck {
        private final String expected;
        private final AtomicReference<String> seen = new AtomicReference<>();
        private volatile boolean matched;

        HostKeyCheck(String expected) {
            this.expected = expected;
        }

        boolean accepts(PublicKey key) {
            String fingerprint = KeyUtils.getFingerPrint(BuiltinDigests.sha256, key);
            seen.set(fingerprint);
            matched = HostKeys.sameFingerprint(expected, fingerprint);
            return matched;
        }
    }
}
