package io.filejobs.core.step.remote;

import io.filejobs.core.secret.Secret;
import io.filejobs.core.step.StepSecrets;
import io.filejobs.core.step.StepErrorCode;
import io.filejobs.core.step.StepFailure;
import jakarta.inject.Singleton;

/**
 * Connects a step to its remote server: the host must be on {@code filejobs.remote.allowed-hosts},
 * checked again at every run; the credentials are read from the named secret only now, and are
 * never logged, recorded or put in a message.
 */
@Singleton
public class RemoteConnector {

    private final RemoteConfiguration config;
    private final StepSecrets secrets;
    private final SftpConnector sftp;
    private final FtpsConnector ftps;

    public RemoteConnector(RemoteConfiguration config, StepSecrets secrets, SftpConnector sftp, FtpsConnector ftps) {
        this.config = config;
        this.secrets = secrets;
        this.sftp = sftp;
        this.ftps = ftps;
    }

    public RemoteFiles open(RemoteServer server) {
        RemoteUrl url = server.address();
        if (!config.allows(url.host())) {
            throw new StepFailure(StepErrorCode.HOST_NOT_ALLOWED, RemoteServer.hostProblem(url.host(), config));
        }
        Secret secret = credentials(server.credentials());
        return url.protocol() == RemoteUrl.Protocol.SFTP ? sftp.open(url, server.hostKey(), secret)
                : ftps.open(url, server.implicitTls(), server.certificate(), secret);
    }

    private Secret credentials(String name) {
        Secret secret = secrets.require(name);
        if (secret.username() == null || secret.password() == null && secret.privateKey() == null) {
            throw new StepFailure(StepErrorCode.SECRET_NOT_FOUND, "secret '" + name + "' holds no username with a password or privateKey");
        }
        return secret;
    }
}
