package io.filejobs.core.store;

import io.filejobs.core.run.RunLedger;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;

/**
 * Creates the jobs and runs tables and the definitions bucket at start-up when
 * {@code filejobs.storage.create-if-missing} is true: for the embedded runtime and tests. On AWS,
 * Terraform creates them and this stays off.
 */
@Singleton
@Requires(property = "filejobs.storage.create-if-missing", value = "true")
public class StorageBootstrap {

    private final JobTable table;
    private final DefinitionStore definitions;
    private final RunLedger runs;

    public StorageBootstrap(JobTable table, DefinitionStore definitions, RunLedger runs) {
        this.table = table;
        this.definitions = definitions;
        this.runs = runs;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        table.createIfMissing();
        runs.createIfMissing();
        definitions.createBucketIfMissing();
    }
}
