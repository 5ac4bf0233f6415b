package io.filejobs.core.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.filejobs.core.config.FileJobsConfiguration;
import io.filejobs.core.error.FieldError;
import io.filejobs.core.error.FileJobsException;
import io.filejobs.core.s3.BucketPolicy;
import io.filejobs.core.s3.FileStoreKeyRules;
import io.filejobs.core.step.TransferSpec;
import io.filejobs.core.step.merge.MergeSpec;
import io.filejobs.core.testing.TestActions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Destinations are templates; what a template cannot fill, or fills with a name the rules refuse, is refused naming its field. */
class TemplateValidationTest {

    private final FileJobsConfiguration config = new FileJobsConfiguration();
    private final JobDefinitionValidator validator = TestActions.validator(config);

    private List<String> refusedFields(Step step) {
        return refusedFields(validator, step);
    }

    private static List<String> refusedFields(JobDefinitionValidator validator, Step step) {
        FileJobsException e = assertThrows(FileJobsException.class,
                () -> validator.validate(new JobDefinition("j", null, null, "UTC", JobState.ENABLED, List.of(step))));
        return e.errors().stream().map(FieldError::field).toList();
    }

    @Test
    void destinationsMayHoldPlaceholders() {
        validator.validate(new JobDefinition("j", null, null, "Europe/Berlin", JobState.ENABLED, List.of(
                new Step(0, "c", TransferSpec.copy("bucket1/in.csv", "bucket2/out/{date-P1D:yyyy/MM/dd}/{jobName}.csv")),
                new Step(1, "m", new MergeSpec(List.of("bucket1/a", "bucket1/b"), "bucket2/merged/{date}/{runId}.csv")),
                new Step(2, "v", TransferSpec.move("bucket1/in.csv", "bucket1/in.csv.{{done}}")))));
    }

    @Test
    void anUnknownPlaceholderOrPatternIsRefusedNamingTheField() {
        assertEquals(List.of("steps[0].destination"), refusedFields(new Step(0, "c", TransferSpec.copy("bucket1/a", "bucket2/{today}"))));
        assertEquals(List.of("steps[0].destination"), refusedFields(new Step(0, "m",
                new MergeSpec(List.of("bucket1/a", "bucket1/b"), "bucket2/{date:qqqqqq}"))));
    }

    @Test
    void theBucketIsWrittenOutAndChecked() {
        assertEquals(List.of("steps[0].destination"), refusedFields(new Step(0, "c", TransferSpec.copy("bucket1/a", "{jobName}/x"))));
        config.setAllowedBuckets(List.of("bucket1"));
        assertEquals(List.of("steps[0].destination"), refusedFields(TestActions.validator(config),
                new Step(0, "c", TransferSpec.copy("bucket1/a", "bucket9/{date}"))));
    }

    @Test
    void whatATemplateFillsInMustBeAKey() {
        // On a store that keeps objects as files, a template that writes a '..' segment names no object it can hold.
        JobDefinitionValidator files = new JobDefinitionValidator(config, new FileStoreKeyRules(Path.of("/nonexistent-filejobs-store")),
                new BucketPolicy(config), TestActions.withoutStorage());
        assertEquals(List.of("steps[0].destination"), refusedFields(files, new Step(0, "c", TransferSpec.copy("bucket1/a", "bucket2/x/{date:'..'}/y"))));
        files.validate(new JobDefinition("j", null, null, "UTC", JobState.ENABLED,
                List.of(new Step(0, "c", TransferSpec.copy("bucket1/a", "bucket2/x/{date:yyyy}/y")))));
    }
}
