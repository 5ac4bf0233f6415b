package io.filejobs.core.testing;

import io.filejobs.core.config.FileJobsConfiguration;
import io.filejobs.core.job.JobDefinitionReader;
import io.filejobs.core.job.JobDefinitionValidator;
import io.filejobs.core.s3.BucketPolicy;
import io.filejobs.core.s3.StoreKeyRules;
import io.filejobs.core.step.CopyAction;
import io.filejobs.core.step.DeleteAction;
import io.filejobs.core.step.MoveAction;
import io.filejobs.core.step.StepActions;
import io.filejobs.core.step.StepsConfiguration;
import io.filejobs.core.step.merge.MergeAction;
import io.filejobs.core.step.set.ObjectSetRunner;
import io.filejobs.core.template.TemplateValues;
import io.micronaut.json.JsonMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;

/** The step actions as the container collects them, without storage: enough to read and validate definitions. */
public final class TestActions {

    private TestActions() {
    }

    /** What a run's templates are filled with, for a run now. */
    public static TemplateValues values() {
        return new TemplateValues(Instant.now(), ZoneOffset.UTC, "20260101T000000000Z-s", "job");
    }

    public static StepActions withoutStorage() {
        StepsConfiguration steps = new StepsConfiguration();
        CopyAction copy = new CopyAction(null, null, steps, null);
        return new StepActions(List.of(copy, new MoveAction(null, null, copy, null), new DeleteAction(null, null, null),
                new MergeAction(null, null, steps, Clock.systemUTC())));
    }

    /** What works through object sets, on {@code s3}, with every bucket allowed but the definitions'. */
    public static ObjectSetRunner sets(S3Client s3, StepsConfiguration steps) {
        return new ObjectSetRunner(s3, steps, Clock.systemUTC(), new BucketPolicy(new FileJobsConfiguration()), StoreKeyRules.S3);
    }

    public static JobDefinitionReader reader() {
        return new JobDefinitionReader(JsonMapper.createDefault(), withoutStorage());
    }

    public static JobDefinitionValidator validator(FileJobsConfiguration config) {
        return new JobDefinitionValidator(config, StoreKeyRules.S3, new BucketPolicy(config), withoutStorage());
    }
}
