package io.filejobs.core.step;

import io.filejobs.core.secret.Secret;
import io.filejobs.core.secret.SecretStore;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * The secrets steps name, read when a step needs one: a missing secret (or no secret store at all)
 * fails the step with SECRET_NOT_FOUND naming it, a store that cannot be read now with TRANSIENT.
 * No value ever reaches a message.
 */
@Singleton
public class StepSecrets {

    private final Optional<SecretStore> store;

    public StepSecrets(Optional<SecretStore> store) {
        this.store = store;
    }

    public Secret require(String name) {
        if (store.isEmpty()) {
            throw new StepFailure(StepErrorCode.SECRET_NOT_FOUND, "secret '" + name + "' cannot be read: no secret store is configured"
                    + " (FILEJOBS_SECRETS_FILE on the embedded runtime)");
        }
        try {
            return store.get().find(name).orElseThrow(() -> new StepFailure(StepErrorCode.SECRET_NOT_FOUND, "secret '" + name
                    + "' does not exist"));
        } catch (SecretStore.SecretUnavailableException e) {
            throw new StepFailure(StepErrorCode.TRANSIENT, e.getMessage());
        }
    }
}
