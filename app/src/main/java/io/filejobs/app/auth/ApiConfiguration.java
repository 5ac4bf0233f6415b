package io.filejobs.app.auth;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * Settings under {@code filejobs.api.*}. With {@code auth = KEY} (the default) every route but
 * {@code /health} needs {@code x-api-key} equal to {@code key}; with {@code auth = GATEWAY}, API
 * Gateway has checked the key (every method is {@code api_key_required}) before the Lambda runs.
 */
@ConfigurationProperties("filejobs.api")
public class ApiConfiguration {

    /** Who checks the API key. */
    public enum Auth {
        KEY,
        GATEWAY
    }

    private Auth auth = Auth.KEY;
    private String key;

    public Auth getAuth() {
        return auth;
    }

    public void setAuth(Auth auth) {
        this.auth = auth;
    }

    @Nullable
    public String getKey() {
        return key;
    }

    public void setKey(@Nullable String key) {
        this.key = key;
    }
}
