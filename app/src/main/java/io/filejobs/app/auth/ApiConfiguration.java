package io.filejobs.app.auth;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * Settings under {@code filejobs.api.*}. With {@code auth = KEY} (the default) every route but
 * {@code /health} needs {@code x-api-key} equal to {@code key}; with {@code auth = GATEWAY}, API
 * Gateway has checked the key (every method is {@code api_key_required}) before the Lambda runs, and
 * the Lambda serves only events that carry what API Gateway puts in them after that check: the API
 * key in the request context, and, when set, this deployment's API id and stage.
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
    private String gatewayApiId;
    private String gatewayStage;

    /** In GATEWAY mode, the only REST API id whose events are served (unset: any). */
    @Nullable
    public String getGatewayApiId() {
        return gatewayApiId;
    }

    public void setGatewayApiId(@Nullable String gatewayApiId) {
        this.gatewayApiId = gatewayApiId;
    }

    /** In GATEWAY mode, the only stage whose events are served (unset: any but API Gateway's test invocations). */
    @Nullable
    public String getGatewayStage() {
        return gatewayStage;
    }

    public void setGatewayStage(@Nullable String gatewayStage) {
        this.gatewayStage = gatewayStage;
    }

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
