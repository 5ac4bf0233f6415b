package io.filejobs.core.snapstart;

import io.filejobs.core.config.FileJobsConfiguration;
import io.filejobs.core.store.JobTable;
import io.filejobs.core.store.RunLedger;
import io.micronaut.context.BeanProvider;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * One read of each store through the SDK clients, for an item and an object that do not exist:
 * the clients are built, their signing, HTTP and error paths are loaded, and nothing is changed.
 * The stores are looked up only when priming runs, so a context that never primes builds none.
 */
@Singleton
public class StoragePrimer implements Primer {

    /** A job id no job has (ids are 13 characters). */
    static final String ABSENT_JOB = "snapstartprim";

    private final BeanProvider<JobTable> jobs;
    private final BeanProvider<RunLedger> runs;
    private final BeanProvider<S3Client> s3;
    private final FileJobsConfiguration config;

    public StoragePrimer(BeanProvider<JobTable> jobs, BeanProvider<RunLedger> runs, BeanProvider<S3Client> s3, FileJobsConfiguration config) {
        this.jobs = jobs;
        this.runs = runs;
        this.s3 = s3;
        this.config = config;
    }

    @Override
    public String name() {
        return "storage";
    }

    @Override
    public void prime() {
        jobs.get().get(ABSENT_JOB);
        runs.get().get(ABSENT_JOB, "snapstart-priming");
        try {
            s3.get().headObject(b -> b.bucket(config.getDefinitionsBucket()).key("jobs/" + ABSENT_JOB + "/priming.json"));
        } catch (S3Exception e) {
            // 404 (or 403 without s3:ListBucket) is the answer expected for an object that does not exist.
            if (e.statusCode() != 404 && e.statusCode() != 403) {
                throw e;
            }
        }
    }
}
