package io.filejobs.core.store;

import io.filejobs.core.store.RunLedger;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PostConstruct;

/**
 * Creates the jobs, runs and triggers tables and the definitions bucket while the application starts, when
 * {@code filejobs.storage.create-if-missing} is true: for the embedded runtime and tests. It is a
 * context bean, so everything that runs at start-up finds the storage in place. On AWS, Terraform
 * creates them and this stays off.
 */
@Context
@Requires(property = "filejobs.storage.create-if-missing", value = "true")
public class StorageBootstrap {

    private final JobTable table;
    private final DefinitionStore definitions;
    private final RunLedger runs;
    private final ObjectTriggerIndex triggers;

    public StorageBootstrap(JobTable table, DefinitionStore definitions, RunLedger runs, ObjectTriggerIndex triggers) {
        this.triggers = triggers;
        this.table = table;
        this.definitions = definitions;
        this.runs = runs;
    }

    @PostConstruct
    void createIfMissing() {
        table.createIfMissing();
        runs.createIfMissing();
        triggers.createIfMissing();
        definitions.createBucketIfMissing();
    }
}
