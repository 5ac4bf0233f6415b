package io.filejobs.core.step.remote;

import io.filejobs.core.secret.Secret;
import io.filejobs.core.step.StepErrorCode;
import io.filejobs.core.step.StepFailure;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPReply;
import org.apache.commons.net.ftp.FTPSClient;

/**
 * Opens FTPS connections, with explicit TLS (AUTH TLS on the control connection, port 21 by
 * default) or implicit TLS (port 990), passive mode, and TLS on every data connection (PROT P).
 * The server's certificate is checked against the JVM's trust store, with its host name; or, when
 * the step pins a certificate ({@code certificate}, its SHA-256 fingerprint), the server must show
 * exactly that one. The user name and password of the named secret are sent only once TLS is up.
 */
@Singleton
public class FtpsConnector {

    private final RemoteConfiguration config;

    public FtpsConnector(RemoteConfiguration config) {
        this.config = config;
    }

    /** Connects and logs in; the caller closes what it is given. */
    public RemoteFiles open(RemoteUrl url, boolean implicitTls, String pinnedCertificate, Secret secret) {
        String where = "FTPS server " + url.host() + ":" + url.port();
        CertificateCheck check = new CertificateCheck(pinnedCertificate);
        FTPSClient ftp = new FTPSClient(implicitTls, check.context());
        ftp.setEndpointCheckingEnabled(pinnedCertificate == null);
        ftp.setConnectTimeout((int) config.getConnectTimeout().toMillis());
        ftp.setDefaultTimeout((int) config.getReadTimeout().toMillis());
        ftp.setDataTimeout(config.getReadTimeout());
        ftp.setBufferSize(256 * 1024);
        try {
            ftp.connect(url.host(), url.port());
            if (!FTPReply.isPositiveCompletion(ftp.getReplyCode())) {
                throw new StepFailure(StepErrorCode.REMOTE_UNAVAILABLE, "the " + where + " answered " + ftp.getReplyCode()
                        + " on connecting (tried again later)");
            }
            if (!ftp.login(secret.username(), secret.password() == null ? "" : secret.password())) {
                int code = ftp.getReplyCode();
                throw code == 421 || code >= 400 && code < 500 && code != 430
                        ? new StepFailure(StepErrorCode.REMOTE_UNAVAILABLE, "the " + where + " answered " + code + " on logging in (tried again later)")
                        : new StepFailure(StepErrorCode.REMOTE_AUTH_FAILED, "the " + where + " refused the secret's credentials (" + code + ")");
            }
            ftp.execPBSZ(0);
            ftp.execPROT("P");
            ftp.enterLocalPassiveMode();
            if (!ftp.setFileType(FTP.BINARY_FILE_TYPE)) {
                throw new StepFailure(StepErrorCode.REMOTE_UNAVAILABLE, "the " + where + " refused binary transfers (" + ftp.getReplyCode() + ")");
            }
            return new FtpsFiles(ftp, where);
        } catch (IOException | RuntimeException e) {
            FtpsFiles.disconnect(ftp);
            if (e instanceof StepFailure failure) {
                throw failure;
            }
            if (check.refused.get() != null) {
                throw new StepFailure(StepErrorCode.REMOTE_AUTH_FAILED, "the " + where + " showed " + check.refused.get()
                        + "; nothing was sent to it");
            }
            if (e instanceof SSLException) {
                throw new StepFailure(StepErrorCode.REMOTE_AUTH_FAILED, "TLS with the " + where + " failed (" + e.getClass().getSimpleName()
                        + "): its certificate is not trusted for this host name, or it speaks no TLS on this port (implicit or explicit?)");
            }
            throw failure(e, "connecting to the " + where);
        }
    }

    static StepFailure failure(Exception e, String doing) {
        if (e instanceof UnknownHostException) {
            return new StepFailure(StepErrorCode.REMOTE_UNAVAILABLE, doing + " failed: the host name does not resolve");
        }
        String kind = e instanceof ConnectException ? "the connection was refused" : e instanceof SocketTimeoutException ? "no answer in time"
                : e.getClass().getSimpleName();
        return new StepFailure(StepErrorCode.REMOTE_UNAVAILABLE, doing + " failed: " + kind + " (tried again later)");
    }

    /** Checks the server's certificate: the pinned one, or one the JVM's trust store vouches for. */
    private static final class CertificateCheck implements X509TrustManager {
        private final String pinned;
        private final X509TrustManager trustStore;
        private final AtomicReference<String> refused = new AtomicReference<>();

        CertificateCheck(String pinnedCertificate) {
            this.pinned = pinnedCertificate == null ? null : HostKeys.certificateFingerprint(pinnedCertificate).orElseThrow();
            this.trustStore = pinned == null ? defaultTrustManager() : null;
        }

        SSLContext context() {
            try {
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, new TrustManager[] {this}, null);
                return context;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("TLS is not available in this JVM", e);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (pinned == null) {
                trustStore.checkServerTrusted(chain, authType);
                return;
            }
            String seen;
            try {
                seen = HostKeys.hex(MessageDigest.getInstance("SHA-256").digest(chain[0].getEncoded()));
            } catch (GeneralSecurityException e) {
                throw new CertificateException("the certificate's fingerprint cannot be computed", e);
            }
            if (!seen.equals(pinned)) {
                refused.set("a certificate with SHA-256 fingerprint " + seen + ", not the " + pinned + " the step pins");
                throw new CertificateException("the server's certificate is not the pinned one");
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("FileJobs is no server");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return pinned == null ? trustStore.getAcceptedIssuers() : new X509Certificate[0];
        }

        private static X509TrustManager defaultTrustManager() {
            try {
                TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init((KeyStore) null);
                for (TrustManager manager : factory.getTrustManagers()) {
                    if (manager instanceof X509TrustManager x509) {
                        return x509;
                    }
                }
                throw new IllegalStateException("the JVM has no X.509 trust manager");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JVM's trust store cannot be read", e);
            }
        }
    }
}
