package io.filejobs.core.step.http;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.filejobs.core.step.HostNames;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code filejobs.http.*}: the hosts HTTP steps may call ({@code FILEJOBS_HTTP_ALLOWED_HOSTS}, comma
 * separated names or IP addresses without ports; none by default), and how much of an answer a
 * step keeps ({@code outputTo}).
 */
@ConfigurationProperties("filejobs.http")
public class HttpConfiguration {

    private List<String> allowedHosts = new ArrayList<>();
    private long maxResponseBytes = 10L * 1024 * 1024;

    public List<String> getAllowedHosts() {
        return allowedHosts;
    }

    public void setAllowedHosts(List<String> allowedHosts) {
        this.allowedHosts = HostNames.listed(allowedHosts);
    }

    public long getMaxResponseBytes() {
        return maxResponseBytes;
    }

    public void setMaxResponseBytes(long maxResponseBytes) {
        this.maxResponseBytes = maxResponseBytes;
    }
}
