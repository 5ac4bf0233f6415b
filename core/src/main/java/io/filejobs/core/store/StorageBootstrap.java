package io.filejobs.core.store;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;

/**
 * Creates the jobs table and the definitions bucket at start-up when
 * {@code filejobs.storage.create-if-missing} is true: for the embedded runtime and tests. On AWS,
 * Terraform creates them and this stays off.
 */
@Singleton
@Requires(property = "filejobs.storage.create-if-missing", value = "true")
public class StorageBootstrap {

    private final JobTable table;
    private final DefinitionStore definitions;

    public StorageBootstrap(JobTable table, DefinitionStore definitions) {
        this.table = table;
        this.definitions = definitions;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        table.createIfMissing();
        definitions.createBucketIfMissing();
    }
}
