package io.filejobs.core.step;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.filejobs.core.config.FileJobsConfiguration;
import io.filejobs.core.error.FieldError;
import io.filejobs.core.error.FileJobsException;
import io.filejobs.core.job.JobDefinition;
import io.filejobs.core.job.JobDefinitionReader;
import io.filejobs.core.job.JobDefinitionValidator;
import io.filejobs.core.job.Step;
import io.filejobs.core.job.StepFields;
import io.filejobs.core.job.StepRules;
import io.filejobs.core.s3.BucketPolicy;
import io.filejobs.core.s3.ObjectRef;
import io.filejobs.core.s3.StoreKeyRules;
import io.filejobs.core.testing.TestActions;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A step action is one class: an action none of the reader, the validator or the executor names
 * is read, validated, written back, checked against the bucket policy and run across invocations
 * with a continuation of its own, once it is among the actions the container collects.
 */
class StepActionSeamTest {

    private final JsonMapper json = JsonMapper.createDefault();
    private final FileJobsConfiguration config = new FileJobsConfiguration();
    private final TouchAction touch = new TouchAction();
    private final StepActions actions = new StepActions(append(TestActions.withoutStorage(), touch));
    private final JobDefinitionReader reader = new JobDefinitionReader(json, actions);

    private static List<StepAction<?>> append(StepActions known, StepAction<?> extra) {
        List<StepAction<?>> all = new ArrayList<>();
        known.names().forEach(name -> all.add(known.get(name)));
        all.add(extra);
        return all;
    }

    private JobDefinition read(String step) {
        return reader.read(("{\"name\":\"j\",\"steps\":[" + step + "]}").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aNewActionIsReadAndWrittenBackAsTheFlatStepObject() throws Exception {
        String step = "{\"id\":0,\"name\":\"t\",\"action\":\"TOUCH\",\"target\":\"bucket1/x\",\"times\":3}";
        JobDefinition definition = read(step);
        assertEquals(new TouchSpec("bucket1/x", 3), definition.steps().get(0).spec());
        String written = json.writeValueAsString(definition.steps().get(0));
        assertEquals(json.readValue(step, Map.class), json.readValue(written, Map.class));
        assertEquals(definition, reader.read(json.writeValueAsBytes(definition)));
    }

    @Test
    void itsFieldsAreItsOwnAndOthersAreRefusedNamingThem() {
        FileJobsException wrong = assertThrows(FileJobsException.class,
                () -> read("{\"id\":0,\"name\":\"t\",\"action\":\"TOUCH\",\"target\":7,\"source\":\"bucket1/x\"}"));
        assertEquals(List.of("steps[0].source", "steps[0].target"), wrong.errors().stream().map(FieldError::field).sorted().toList());
        FileJobsException unknown = assertThrows(FileJobsException.class, () -> read("{\"id\":0,\"name\":\"t\",\"action\":\"POKE\"}"));
        assertTrue(unknown.errors().get(0).message().contains("TOUCH"), unknown.errors().get(0).message());
    }

    @Test
    void itsValuesAreValidatedWithTheRulesEveryObjectMeets() {
        config.setAllowedBuckets(List.of("bucket1"));
        JobDefinitionValidator validator = new JobDefinitionValidator(config, StoreKeyRules.S3, new BucketPolicy(config), actions);
        FileJobsException refused = assertThrows(FileJobsException.class,
                () -> validator.validate(read("{\"id\":0,\"name\":\"t\",\"action\":\"TOUCH\",\"target\":\"bucket9/x\",\"times\":0}")));
        assertEquals(List.of("steps[0].target", "steps[0].times"), refused.errors().stream().map(FieldError::field).sorted().toList());
    }

    @Test
    void itRunsAcrossInvocationsWithAContinuationOnlyItReads() {
        StepExecutor executor = new StepExecutor(new BucketPolicy(config), StoreKeyRules.S3, null, actions, json);
        Step step = new Step(0, "t", new TouchSpec("bucket1/x", 3));
        StepExecutor.StepResult first = executor.execute(step, null, UploadJournal.NONE, TestActions.values());
        assertEquals(1, first.bytes());
        assertEquals(1, first.continuation().get("done").getIntValue());
        StepExecutor.StepResult second = executor.execute(step, first.continuation(), UploadJournal.NONE, TestActions.values());
        StepExecutor.StepResult third = executor.execute(step, second.continuation(), UploadJournal.NONE, TestActions.values());
        assertEquals(3, third.bytes());
        assertEquals(null, third.continuation());
        assertEquals(3, executor.execute(step, TestActions.values()));
        executor.abandon(step, second.continuation(), TestActions.values());
        assertEquals(List.of(2), touch.abandoned);
    }

    @Test
    void whatItWritesIsCheckedAgainstTheBucketPolicyBeforeItRuns() {
        config.setAllowedBuckets(List.of("bucket1"));
        StepExecutor executor = new StepExecutor(new BucketPolicy(config), StoreKeyRules.S3, null, actions, json);
        StepFailure refused = assertThrows(StepFailure.class, () -> executor.execute(new Step(0, "t", new TouchSpec("bucket9/x", 1)), io.filejobs.core.testing.TestActions.values()));
        assertEquals(StepErrorCode.BUCKET_NOT_ALLOWED, refused.code());
        assertEquals(0, touch.invocations);
    }

    /** A step that "touches" its target {@code times} times, one invocation each. */
    record TouchSpec(String target, Integer times) implements StepSpec {

        @Override
        public String action() {
            return "TOUCH";
        }

        @Override
        public Map<String, Object> fields() {
            Map<String, Object> fields = new java.util.LinkedHashMap<>();
            fields.put("target", target);
            fields.put("times", times);
            return fields;
        }
    }

    @Serdeable
    record Touched(int done) {
    }

    static final class TouchAction implements StepAction<TouchSpec> {
        int invocations;
        final List<Integer> abandoned = Collections.synchronizedList(new ArrayList<>());

        @Override
        public String name() {
            return "TOUCH";
        }

        @Override
        public Class<TouchSpec> specType() {
            return TouchSpec.class;
        }

        @Override
        public List<String> fields() {
            return List.of("target", "times");
        }

        @Override
        public TouchSpec read(StepFields fields) {
            return new TouchSpec(fields.string("target"), fields.integer("times"));
        }

        @Override
        public void validate(TouchSpec spec, StepRules rules) {
            rules.object("target", spec.target());
            if (spec.times() == null || spec.times() < 1) {
                rules.error("times", "must be at least 1");
            }
        }

        @Override
        public List<ObjectAccess> accesses(TouchSpec spec) {
            return List.of(ObjectAccess.write("target", ObjectRef.parse(spec.target())));
        }

        @Override
        public StepOutcome execute(TouchSpec spec, StepContext context) {
            invocations++;
            int done = context.continuation(Touched.class).map(Touched::done).orElse(0) + 1;
            return done >= spec.times() ? StepOutcome.done(done) : StepOutcome.continueWith(done, new Touched(done));
        }

        @Override
        public void abandon(TouchSpec spec, StepContext context) {
            context.continuation(Touched.class).ifPresent(t -> abandoned.add(t.done()));
        }
    }
}
