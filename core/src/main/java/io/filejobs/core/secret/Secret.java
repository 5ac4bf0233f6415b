package io.filejobs.core.secret;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;

/**
 * A named credential: a bearer token (an HTTP step's {@code auth}), or a user name with a password
 * or a private key (a remote server). Its {@link #toString()} never shows a value.
 */
public record Secret(@Nullable String token, @Nullable String username, @Nullable String password, @Nullable String privateKey) {

    public static Secret bearer(String token) {
        return new Secret(token, null, null, null);
    }

    /** A secret written as a JSON object: {@code token}, or {@code username} with {@code password} or {@code privateKey}. */
    public static Secret of(JsonNode object) {
        return new Secret(text(object, "token"), text(object, "username"), text(object, "password"), text(object, "privateKey"));
    }

    private static String text(JsonNode object, String field) {
        JsonNode value = object.get(field);
        return value == null || !value.isString() ? null : value.getStringValue();
    }

    @Override
    public String toString() {
        return "Secret[" + (token != null ? "token" : "username " + username) + ", value hidden]";
    }
}
