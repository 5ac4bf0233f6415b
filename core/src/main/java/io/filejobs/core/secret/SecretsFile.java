package io.filejobs.core.secret;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The embedded runtime's secrets: {@code FILEJOBS_SECRETS_FILE}, a JSON object mapping each name to
 * a string (a bearer token) or to {@code {"username", "password" | "privateKey"}}. The file is read
 * when a secret is needed, so an edit takes effect without a restart; one that group or others may
 * read is refused, naming the file but no value.
 */
@Singleton
@Requires(property = "filejobs.secrets.file")
public class SecretsFile implements SecretStore {

    private static final Set<PosixFilePermission> OPEN = EnumSet.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    private final Path file;
    private final JsonMapper json;

    public SecretsFile(@Value("${filejobs.secrets.file}") Path file, JsonMapper json) {
        this.file = file;
        this.json = json;
    }

    @Override
    public Optional<Secret> find(String name) {
        Map<String, JsonNode> secrets = read();
        JsonNode value = secrets.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (value.isString()) {
            return Optional.of(Secret.bearer(value.getStringValue()));
        }
        if (value.isObject()) {
            return Optional.of(Secret.of(value));
        }
        throw new SecretUnavailableException("secret '" + name + "' in the secrets file is neither a string nor an object");
    }

    private Map<String, JsonNode> read() {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.stream().anyMatch(OPEN::contains)) {
                throw new SecretUnavailableException("the secrets file " + file + " may be read or written by others than its owner;"
                        + " chmod 600 it");
            }
            return json.readValue(Files.readAllBytes(file), Argument.mapOf(String.class, JsonNode.class));
        } catch (IOException | RuntimeException e) {
            if (e instanceof SecretUnavailableException refused) {
                throw refused;
            }
            // The parser's message could quote the file's content: say what is wrong without it.
            throw new SecretUnavailableException("the secrets file " + file + " could not be read as a JSON object of secrets");
        }
    }
}
