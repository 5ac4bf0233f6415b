package io.filejobs.local;

import io.filejobs.core.job.JobValidationService;
import io.filejobs.core.job.ValidationTrigger;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Checks each stored job version in the background, one at a time, on the embedded runtime. */
@Singleton
public class EmbeddedValidationTrigger implements ValidationTrigger {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedValidationTrigger.class);

    private final JobValidationService validation;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "filejobs-validation");
        t.setDaemon(true);
        return t;
    });

    public EmbeddedValidationTrigger(JobValidationService validation) {
        this.validation = validation;
    }

    @Override
    public void validateLater(String jobId, long version) {
        worker.submit(() -> {
            try {
                validation.validate(jobId, version);
            } catch (RuntimeException e) {
                LOG.error("could not check version {} of job {}; it stays PENDING", version, jobId, e);
            }
        });
    }

    @PreDestroy
    void stop() throws InterruptedException {
        worker.shutdown();
        worker.awaitTermination(5, TimeUnit.SECONDS);
    }
}
