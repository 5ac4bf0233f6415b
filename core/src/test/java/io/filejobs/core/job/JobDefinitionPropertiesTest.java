package io.filejobs.core.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.filejobs.core.config.FileJobsConfiguration;
import io.filejobs.core.error.ErrorCode;
import io.filejobs.core.error.FieldError;
import io.filejobs.core.error.FileJobsException;
import io.filejobs.core.step.DeleteSpec;
import io.filejobs.core.step.StepSpec;
import io.filejobs.core.step.TransferSpec;
import io.filejobs.core.step.merge.MergeSpec;
import io.micronaut.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Properties of reading and validating definitions, over generated input. */
class JobDefinitionPropertiesTest {

    private final FileJobsConfiguration config = new FileJobsConfiguration();
    private final JobDefinitionValidator validator = io.filejobs.core.testing.TestActions.validator(config);
    private final JobDefinitionReader reader = io.filejobs.core.testing.TestActions.reader();

    private static Step delete(int id, String key) {
        return new Step(id, "step" + id, new DeleteSpec("bucket1/" + key));
    }

    @Property
    void whateverTheBytesReadingEndsInADefinitionOrATypedRefusal(@ForAll byte[] body) {
        try {
            reader.read(body);
        } catch (FileJobsException e) {
            assertTrue(e.code() == ErrorCode.MALFORMED_REQUEST || e.code() == ErrorCode.VALIDATION_FAILED, e.code()::name);
        }
    }

    @Property
    void whateverTheStringsValidationPassesOrNamesFields(@ForAll String name, @ForAll String schedule, @ForAll String timezone,
            @ForAll String source, @ForAll String destination, @ForAll @IntRange(min = 0, max = 3) int action) {
        StepSpec spec = switch (action) {
            case 0 -> TransferSpec.copy(source, destination);
            case 1 -> TransferSpec.move(source, destination);
            case 2 -> new DeleteSpec(source);
            default -> new MergeSpec(List.of(source, destination), destination);
        };
        JobDefinition definition = new JobDefinition(name, null, schedule, timezone, JobState.ENABLED, List.of(new Step(0, "s", spec)));
        try {
            validator.validate(definition);
        } catch (FileJobsException e) {
            assertEquals(ErrorCode.VALIDATION_FAILED, e.code());
            assertTrue(!e.errors().isEmpty() && e.errors().stream().allMatch(err -> err.field() != null && !err.message().isBlank()));
        }
    }

    @Property
    void stepIdErrorsFallExactlyOnTheStepsWhoseIdIsNotTheirPosition(@ForAll("shuffledIds") List<Integer> ids) {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            steps.add(delete(ids.get(i), "k" + i));
        }
        Set<String> expected = new java.util.HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            if (ids.get(i) != i) {
                expected.add("steps[" + i + "].id");
            }
        }
        Set<String> reported;
        try {
            validator.validate(new JobDefinition("job", null, null, "UTC", JobState.ENABLED, steps));
            reported = Set.of();
        } catch (FileJobsException e) {
            reported = e.errors().stream().map(FieldError::field).collect(Collectors.toSet());
        }
        assertEquals(expected, reported);
    }

    @Provide
    Arbitrary<List<Integer>> shuffledIds() {
        return Arbitraries.integers().between(1, 30).flatMap(n -> Arbitraries.shuffle(
                java.util.stream.IntStream.range(0, n).boxed().toList()));
    }

    @Property
    void mergeAcceptsAnyNumberOfSourcesFromTwoToTheLimit(@ForAll @IntRange(min = 0, max = 60) int count) {
        config.getLimits().setMaxSources(50);
        List<String> sources = Collections.nCopies(count, "bucket1/part");
        JobDefinition definition = new JobDefinition("merge", null, null, "UTC", JobState.ENABLED,
                List.of(new Step(0, "m", new MergeSpec(sources, "bucket1/all"))));
        boolean valid = count >= 2 && count <= 50;
        try {
            validator.validate(definition);
            assertTrue(valid, "accepted " + count);
        } catch (FileJobsException e) {
            assertTrue(!valid, "refused " + count);
            assertEquals("steps[0].sources", e.errors().get(0).field());
        }
    }

    @Property
    void aWrittenDefinitionReadsBackEqual(@ForAll @Size(min = 1, max = 20) List<@net.jqwik.api.constraints.AlphaChars @net.jqwik.api.constraints.StringLength(min = 1, max = 40) String> keys)
            throws Exception {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            steps.add(delete(i, keys.get(i) + " ü+%/" + i));
        }
        JobDefinition definition = new JobDefinition("round-trip", "dé\"scription", "rate(5 minutes)", "Europe/Berlin", JobState.DISABLED, steps);
        JobDefinition read = reader.read(JsonMapper.createDefault().writeValueAsString(definition).getBytes(StandardCharsets.UTF_8));
        assertEquals(definition, read);
        validator.validate(read);
    }
}
