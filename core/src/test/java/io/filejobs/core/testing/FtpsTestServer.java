package io.filejobs.core.testing;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.ftpserver.DataConnectionConfigurationFactory;
import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.Ftplet;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.ssl.SslConfigurationFactory;
import org.apache.ftpserver.usermanager.ClearTextPasswordEncryptor;
import org.apache.ftpserver.usermanager.PropertiesUserManagerFactory;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.ConcurrentLoginPermission;
import org.apache.ftpserver.usermanager.impl.WritePermission;
import org.apache.ftpserver.ftplet.UserManager;

/**
 * An FTPS server on 127.0.0.1 serving a directory, with explicit or implicit TLS and a self-signed
 * certificate made for it with the JDK's keytool; {@link #certificate()} is that certificate's
 * SHA-256 fingerprint, as a job pins it. User {@code partner} logs in with {@link #PASSWORD}.
 */
public final class FtpsTestServer implements AutoCloseable {

    public static final String USER = "partner";
    public static final String PASSWORD = "ftps-pa55-word";
    private static final String STORE_PASSWORD = "changeit";

    private final FtpServer server;
    private final int port;
    private final String certificate;

    public FtpsTestServer(Path root, boolean implicitTls, Ftplet ftplet) throws IOException, FtpException, InterruptedException {
        Path store = Files.createTempDirectory("ftps-cert").resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", "ftps", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost", "-validity", "30",
                "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD)
                .redirectErrorStream(true).start();
        String said = new String(keytool.getInputStream().readAllBytes());
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IOException("keytool failed: " + said);
        }
        try (InputStream in = new FileInputStream(store.toFile())) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(in, STORE_PASSWORD.toCharArray());
            certificate = HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(keys.getCertificate("ftps").getEncoded()));
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
        SslConfigurationFactory ssl = new SslConfigurationFactory();
        ssl.setKeystoreFile(store.toFile());
        ssl.setKeystoreType("PKCS12");
        ssl.setKeystorePassword(STORE_PASSWORD);
        ssl.setKeyPassword(STORE_PASSWORD);
        DataConnectionConfigurationFactory data = new DataConnectionConfigurationFactory();
        data.setPassiveAddress("127.0.0.1");
        data.setPassivePorts("0");
        data.setSslConfiguration(ssl.createSslConfiguration());
        ListenerFactory listener = new ListenerFactory();
        listener.setServerAddress("127.0.0.1");
        listener.setPort(0);
        listener.setSslConfiguration(ssl.createSslConfiguration());
        listener.setImplicitSsl(implicitTls);
        listener.setDataConnectionConfiguration(data.createDataConnectionConfiguration());
        FtpServerFactory factory = new FtpServerFactory();
        factory.addListener("default", listener.createListener());
        PropertiesUserManagerFactory users = new PropertiesUserManagerFactory();
        users.setPasswordEncryptor(new ClearTextPasswordEncryptor());
        users.setFile(Files.createTempFile("ftp-users", ".properties").toFile());
        UserManager manager = users.createUserManager();
        BaseUser user = new BaseUser();
        user.setName(USER);
        user.setPassword(PASSWORD);
        user.setHomeDirectory(root.toString());
        user.setAuthorities(List.of(new WritePermission(), new ConcurrentLoginPermission(50, 50)));
        manager.save(user);
        factory.setUserManager(manager);
        if (ftplet != null) {
            factory.setFtplets(new java.util.HashMap<>(java.util.Map.of("check", ftplet)));
        }
        server = factory.createServer();
        server.start();
        port = factory.getListener("default").getPort();
    }

    public int port() {
        return port;
    }

    /** The SHA-256 fingerprint of the server's certificate, as {@code openssl x509 -fingerprint -sha256} prints it. */
    public String certificate() {
        return certificate;
    }

    @Override
    public void close() {
        server.stop();
    }
}
