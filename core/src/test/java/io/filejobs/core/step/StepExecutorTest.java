package io.filejobs.core.step;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.filejobs.core.config.FileJobsConfiguration;
import io.filejobs.core.job.Step;
import io.filejobs.core.step.merge.MergeSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The allow-list is enforced again when a step runs, before any S3 request: a confused-deputy guard. */
class StepExecutorTest {

    private static StepExecutor executor(FileJobsConfiguration config) {
        // Actions that must never be reached: the guard refuses first.
        return new StepExecutor(new io.filejobs.core.s3.BucketPolicy(config), io.filejobs.core.s3.StoreKeyRules.S3, null,
                io.filejobs.core.testing.TestActions.withoutStorage(), io.micronaut.json.JsonMapper.createDefault());
    }

    @Test
    void aBucketOffTheAllowListIsRefusedBeforeAnyRequest() {
        FileJobsConfiguration config = new FileJobsConfiguration();
        config.setAllowedBuckets(List.of("bucket1"));
        StepFailure copy = assertThrows(StepFailure.class, () -> executor(config)
                .execute(new Step(0, "c", TransferSpec.copy("bucket1/a", "bucket9/a")), io.filejobs.core.testing.TestActions.values()));
        assertEquals(StepErrorCode.BUCKET_NOT_ALLOWED, copy.code());
        StepFailure merge = assertThrows(StepFailure.class, () -> executor(config)
                .execute(new Step(0, "m", new MergeSpec(List.of("bucket1/a", "bucket8/b"), "bucket1/c")), io.filejobs.core.testing.TestActions.values()));
        assertEquals(StepErrorCode.BUCKET_NOT_ALLOWED, merge.code());
    }

    @Test
    void withoutAnAllowListOnlyTheDefinitionsBucketIsRefused() {
        FileJobsConfiguration config = new FileJobsConfiguration();
        StepFailure failure = assertThrows(StepFailure.class, () -> executor(config)
                .execute(new Step(0, "d", new DeleteSpec(config.getDefinitionsBucket() + "/jobs/x")), io.filejobs.core.testing.TestActions.values()));
        assertEquals(StepErrorCode.BUCKET_NOT_ALLOWED, failure.code());
    }

    @Test
    void aDestinationTheStoreCannotHoldIsRefusedBeforeAnyRequest() {
        io.filejobs.core.s3.StoreKeyRules files = new io.filejobs.core.s3.FileStoreKeyRules(java.nio.file.Path.of("/nonexistent-filejobs-store"));
        StepExecutor executor = new StepExecutor(new io.filejobs.core.s3.BucketPolicy(new FileJobsConfiguration()), files, null,
                io.filejobs.core.testing.TestActions.withoutStorage(), io.micronaut.json.JsonMapper.createDefault());
        StepFailure failure = assertThrows(StepFailure.class, () -> executor
                .execute(new Step(0, "c", TransferSpec.copy("bucket1/a", "bucket2/out/")), io.filejobs.core.testing.TestActions.values()));
        assertEquals(StepErrorCode.KEY_NOT_SUPPORTED, failure.code());
        org.junit.jupiter.api.Assertions.assertTrue(failure.getMessage().contains("bucket2/out/"), failure.getMessage());
    }

    /** The definitions bucket is never a step's bucket, even when someone lists it: validation and execution agree. */
    @Test
    void theDefinitionsBucketIsRefusedEvenWhenListed() {
        FileJobsConfiguration config = new FileJobsConfiguration();
        config.setAllowedBuckets(List.of("bucket1", config.getDefinitionsBucket()));
        StepFailure failure = assertThrows(StepFailure.class, () -> executor(config)
                .execute(new Step(0, "c", TransferSpec.copy("bucket1/a", config.getDefinitionsBucket() + "/jobs/x")), io.filejobs.core.testing.TestActions.values()));
        assertEquals(StepErrorCode.BUCKET_NOT_ALLOWED, failure.code());

        var validator = io.filejobs.core.testing.TestActions.validator(config);
        var refused = assertThrows(io.filejobs.core.error.FileJobsException.class, () -> validator.validate(new io.filejobs.core.job.JobDefinition(
                "x", null, null, "UTC", io.filejobs.core.job.JobState.ENABLED,
                List.of(new Step(0, "c", TransferSpec.copy("bucket1/a", config.getDefinitionsBucket() + "/jobs/x"))))));
        assertEquals("steps[0].destination", refused.errors().get(0).field());
        validator.validate(new io.filejobs.core.job.JobDefinition("x", null, null, "UTC", io.filejobs.core.job.JobState.ENABLED,
                List.of(new Step(0, "c", TransferSpec.copy("bucket1/a", "bucket1/b")))));
    }
}
