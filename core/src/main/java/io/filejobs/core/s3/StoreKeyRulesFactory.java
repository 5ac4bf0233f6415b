package io.filejobs.core.s3;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.nio.file.Path;

/** The key rules of the store this runtime writes to: the embedded S3 endpoint's files, or S3. */
@Factory
class StoreKeyRulesFactory {

    @Singleton
    @Requires(property = "filejobs.embedded.s3.enabled", value = "true")
    StoreKeyRules embeddedStore(@Property(name = "filejobs.embedded.s3.dir") String dir) {
        return new FileStoreKeyRules(Path.of(dir).toAbsolutePath().normalize());
    }

    @Singleton
    @Requires(property = "filejobs.embedded.s3.enabled", notEquals = "true")
    StoreKeyRules s3() {
        return StoreKeyRules.S3;
    }
}
