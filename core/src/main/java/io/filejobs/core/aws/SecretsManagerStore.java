package io.filejobs.core.aws;

import io.filejobs.core.secret.Secret;
import io.filejobs.core.secret.SecretStore;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * Secrets on AWS: the secret named {@code <prefix><name>} in Secrets Manager (the deployment may
 * read only under its prefix). A string value that is a JSON object holds {@code username} with
 * {@code password} or {@code privateKey}; any other string is a bearer token. The client is
 * micronaut-aws-sdk-v2's ({@code aws.services.secretsmanager.endpoint-override} points it elsewhere).
 */
@Singleton
@Requires(property = "filejobs.secrets.name-prefix")
public class SecretsManagerStore implements SecretStore {

    /** Built on first use: a cold start that never calls the service does not build its client. */
    private final BeanProvider<SecretsManagerClient> secrets;
    private final String prefix;
    private final JsonMapper json;

    public SecretsManagerStore(BeanProvider<SecretsManagerClient> secrets, @Value("${filejobs.secrets.name-prefix}") String prefix, JsonMapper json) {
        this.secrets = secrets;
        this.prefix = prefix;
        this.json = json;
    }

    @Override
    public Optional<Secret> find(String name) {
        String value;
        try {
            value = secrets.get().getSecretValue(b -> b.secretId(prefix + name)).secretString();
        } catch (ResourceNotFoundException missing) {
            return Optional.empty();
        } catch (SdkException e) {
            throw new SecretStore.SecretUnavailableException("secret '" + name + "' could not be read from Secrets Manager now");
        }
        if (value == null) {
            return Optional.empty();
        }
        if (value.trim().startsWith("{")) {
            try {
                JsonNode object = json.readValue(value, Argument.of(JsonNode.class));
                if (object.isObject()) {
                    return Optional.of(Secret.of(object));
                }
            } catch (IOException | RuntimeException notJson) {
                // A token that starts with a brace.
            }
        }
        return Optional.of(Secret.bearer(value));
    }
}
