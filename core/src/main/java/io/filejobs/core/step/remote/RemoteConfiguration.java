package io.filejobs.core.step.remote;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;
import io.filejobs.core.step.HostNames;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code filejobs.remote.*}: the FTPS and SFTP servers IMPORT and EXPORT steps may reach
 * ({@code FILEJOBS_REMOTE_ALLOWED_HOSTS}, comma-separated names or IP addresses without ports; none
 * by default), how long connecting and a silent server may take, and the part size a file is
 * streamed to S3 in (the memory one import holds is a few parts, whatever the file's size).
 */
@ConfigurationProperties("filejobs.remote")
public class RemoteConfiguration {

    private List<String> allowedHosts = new ArrayList<>();
    private Duration connectTimeout = Duration.ofSeconds(20);
    private Duration readTimeout = Duration.ofSeconds(60);
    private long partSize = 8L * 1024 * 1024;
    private int partsInFlight = 2;
    private boolean verifyChecksums = true;
    private int connections = 4;

    public List<String> getAllowedHosts() {
        return allowedHosts;
    }

    public void setAllowedHosts(List<String> allowedHosts) {
        this.allowedHosts = HostNames.listed(allowedHosts);
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    /** How long a server may stay silent in the middle of a transfer before the step gives up on it (REMOTE_UNAVAILABLE). */
    public Duration getReadTimeout() {
        return readTimeout;
    }

    public void setReadTimeout(Duration readTimeout) {
        this.readTimeout = readTimeout;
    }

    /** The part size an imported file is uploaded to S3 in; raised for a file that would need more than 10,000 parts. */
    public long getPartSize() {
        return partSize;
    }

    public void setPartSize(long partSize) {
        if (partSize < 5L * 1024 * 1024 || partSize > 512L * 1024 * 1024) {
            throw new IllegalArgumentException("filejobs.remote.part-size must be 5 MiB to 512 MiB");
        }
        this.partSize = partSize;
    }

    /** How many parts of one file are sent to S3 while the next is read from the server. */
    public int getPartsInFlight() {
        return partsInFlight;
    }

    public void setPartsInFlight(int partsInFlight) {
        if (partsInFlight < 1 || partsInFlight > 8) {
            throw new IllegalArgumentException("filejobs.remote.parts-in-flight must be 1 to 8");
        }
        this.partsInFlight = partsInFlight;
    }

    /**
     * Whether an import asks the server for the file's checksum (SFTP check-file, FTP HASH or MD5)
     * and compares it with the bytes it read; a server that offers none is checked by size alone.
     */
    public boolean isVerifyChecksums() {
        return verifyChecksums;
    }

    public void setVerifyChecksums(boolean verifyChecksums) {
        this.verifyChecksums = verifyChecksums;
    }

    /** How many connections one EXPORT of a set opens to its server at most, each carrying one file at a time. */
    public int getConnections() {
        return connections;
    }

    public void setConnections(int connections) {
        if (connections < 1 || connections > 16) {
            throw new IllegalArgumentException("filejobs.remote.connections must be 1 to 16");
        }
        this.connections = connections;
    }

    /** Whether a step may reach {@code host} (a name or an address, compared without case and trailing dot). */
    public boolean allows(String host) {
        return allowedHosts.contains(HostNames.normalize(host));
    }
}
