package io.filejobs.steplambdas;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.crac.CracContextProvider;
import io.micronaut.crac.GlobalCracContextProvider;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.crac.CheckpointException;
import org.crac.Context;
import org.crac.Resource;
import org.crac.RestoreException;

/**
 * In place of the JVM's global CRaC context: keeps what micronaut-crac registers at start-up, and
 * checkpoints it the way the Lambda runtime does before a SnapStart snapshot.
 */
@Singleton
@Replaces(GlobalCracContextProvider.class)
@Requires(property = "test.recording-crac", value = "true")
class RecordingCracContext implements CracContextProvider {

    final List<Resource> registered = new CopyOnWriteArrayList<>();

    private final Context<Resource> context = new Context<>() {
        @Override
        public void beforeCheckpoint(Context<? extends Resource> context) throws CheckpointException {
            for (Resource resource : registered) {
                try {
                    resource.beforeCheckpoint(this);
                } catch (Exception e) {
                    CheckpointException failed = new CheckpointException();
                    failed.addSuppressed(e);
                    throw failed;
                }
            }
        }

        @Override
        public void afterRestore(Context<? extends Resource> context) throws RestoreException {
            for (Resource resource : registered) {
                try {
                    resource.afterRestore(this);
                } catch (Exception e) {
                    RestoreException failed = new RestoreException();
                    failed.addSuppressed(e);
                    throw failed;
                }
            }
        }

        @Override
        public void register(Resource resource) {
            registered.add(resource);
        }
    };

    @Override
    public Context<Resource> provideContext() {
        return context;
    }

    void checkpoint() throws CheckpointException {
        context.beforeCheckpoint(null);
    }

    void restore() throws RestoreException {
        context.afterRestore(null);
    }
}
