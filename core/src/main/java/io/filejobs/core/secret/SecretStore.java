package io.filejobs.core.secret;

import java.util.Optional;

/**
 * Where named secrets are read: Secrets Manager on AWS, the secrets file on the embedded runtime.
 * A job names a secret; its value is read when a step needs it and is never logged, stored in a run
 * or returned.
 */
public interface SecretStore {

    /** The secret of that name; empty when there is none. A store that cannot be read throws {@link SecretUnavailableException}. */
    Optional<Secret> find(String name);

    /** The store could not be read now (a network fault, a throttled call): worth another try. */
    class SecretUnavailableException extends RuntimeException {
        public SecretUnavailableException(String message) {
            super(message);
        }
    }
}
