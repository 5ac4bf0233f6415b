package io.filejobs.core.step.set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.filejobs.core.config.FileJobsConfiguration;
import io.filejobs.core.error.FieldError;
import io.filejobs.core.error.FileJobsException;
import io.filejobs.core.job.JobDefinition;
import io.filejobs.core.job.JobDefinitionReader;
import io.filejobs.core.job.JobDefinitionValidator;
import io.filejobs.core.testing.TestActions;
import io.micronaut.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Selectors are read and checked like every other field: each broken rule names its field. */
class ObjectSetValidationTest {

    private final JobDefinitionReader reader = TestActions.reader();
    private final JobDefinitionValidator validator = TestActions.validator(new FileJobsConfiguration());

    private JobDefinition read(String step) {
        return reader.read(("{\"name\":\"j\",\"steps\":[" + step + "]}").getBytes(StandardCharsets.UTF_8));
    }

    private List<String> refused(String step) {
        FileJobsException e = assertThrows(FileJobsException.class, () -> validator.validate(read(step)));
        return e.errors().stream().map(FieldError::field).toList();
    }

    @Test
    void aSelectorStepIsReadAndWrittenBackAsItWasSent() throws Exception {
        String step = "{\"id\":0,\"name\":\"m\",\"action\":\"MERGE\",\"sources\":{\"prefix\":\"bucket1/landing/{date-P1D}/\",\"match\":\"*.csv\","
                + "\"order\":\"LAST_MODIFIED\",\"ifEmpty\":\"CONTINUE\"},\"destination\":\"bucket2/daily/{date-P1D:yyyy/MM/dd}.csv\"}";
        JobDefinition definition = read(step);
        validator.validate(definition);
        JsonMapper json = JsonMapper.createDefault();
        assertEquals(json.readValue(step, Map.class), json.readValue(json.writeValueAsString(definition.steps().get(0)), Map.class));
        assertEquals(definition, reader.read(json.writeValueAsBytes(definition)));
    }

    @Test
    void defaultsAreKeyOrderAndFailWhenEmpty() {
        JobDefinition definition = read("{\"id\":0,\"name\":\"d\",\"action\":\"DELETE\",\"source\":{\"prefix\":\"bucket1/tmp/\"}}");
        validator.validate(definition);
        assertEquals(Map.of("source", Map.of("prefix", "bucket1/tmp/", "order", "KEY", "ifEmpty", "FAIL")),
                Map.of("source", definition.steps().get(0).json().get("source")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no prefix|{\"id\":0,\"name\":\"d\",\"action\":\"DELETE\",\"source\":{\"match\":\"*\"}}|steps[0].source.prefix",
        "an unknown field|{\"id\":0,\"name\":\"d\",\"action\":\"DELETE\",\"source\":{\"prefix\":\"bucket1/a/\",\"colour\":1}}|steps[0].source.colour",
        "an unknown order|{\"id\":0,\"name\":\"d\",\"action\":\"DELETE\",\"source\":{\"prefix\":\"bucket1/a/\",\"order\":\"SIZE\"}}|steps[0].source.order",
        "a source of the wrong type|{\"id\":0,\"name\":\"d\",\"action\":\"DELETE\",\"source\":[\"bucket1/a\"]}|steps[0].source"})
    void aBrokenSelectorIsRefusedWhenRead(String label, String step, String field) {
        FileJobsException e = assertThrows(FileJobsException.class, () -> read(step));
        assertEquals(List.of(field), e.errors().stream().map(FieldError::field).toList(), e.errors()::toString);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a prefix without a bucket|{\"id\":0,\"name\":\"d\",\"action\":\"DELETE\",\"source\":{\"prefix\":\"nobucket\"}}|steps[0].source.prefix",
        "a bucket placeholder|{\"id\":0,\"name\":\"d\",\"action\":\"DELETE\",\"source\":{\"prefix\":\"{jobName}/a/\"}}|steps[0].source.prefix",
        "an empty match|{\"id\":0,\"name\":\"d\",\"action\":\"DELETE\",\"source\":{\"prefix\":\"bucket1/a/\",\"match\":\"\"}}|steps[0].source.match",
        "an order for a COPY|{\"id\":0,\"name\":\"c\",\"action\":\"COPY\",\"source\":{\"prefix\":\"bucket1/a/\",\"order\":\"LAST_MODIFIED\"},\"destination\":\"bucket2/{relativeKey}\"}|steps[0].source.order",
        "one key for every object|{\"id\":0,\"name\":\"c\",\"action\":\"COPY\",\"source\":{\"prefix\":\"bucket1/a/\"},\"destination\":\"bucket2/out/{date}.csv\"}|steps[0].destination",
        "basenames from several folders|{\"id\":0,\"name\":\"c\",\"action\":\"COPY\",\"source\":{\"prefix\":\"bucket1/a/\",\"match\":\"**/*.csv\"},\"destination\":\"bucket2/{basename}\"}|steps[0].destination",
        "a merge into its own set|{\"id\":0,\"name\":\"m\",\"action\":\"MERGE\",\"sources\":{\"prefix\":\"bucket1/in/\",\"match\":\"*.csv\"},\"destination\":\"bucket1/in/all.csv\"}|steps[0].destination",
        "a merge into its own set by template|{\"id\":0,\"name\":\"m\",\"action\":\"MERGE\",\"sources\":{\"prefix\":\"bucket1/in/\"},\"destination\":\"bucket1/in/{date}.csv\"}|steps[0].destination",
        "writing into its own set|{\"id\":0,\"name\":\"m\",\"action\":\"MOVE\",\"source\":{\"prefix\":\"bucket1/in/\"},\"destination\":\"bucket1/in/done/{relativeKey}\"}|steps[0].destination",
        "a per-object placeholder without a set|{\"id\":0,\"name\":\"c\",\"action\":\"COPY\",\"source\":\"bucket1/a\",\"destination\":\"bucket2/{basename}\"}|steps[0].destination",
        "destination and destinations|{\"id\":0,\"name\":\"c\",\"action\":\"COPY\",\"source\":\"bucket1/a\",\"destination\":\"bucket2/a\",\"destinations\":[\"bucket3/a\"]}|steps[0].destinations",
        "the same destination twice|{\"id\":0,\"name\":\"c\",\"action\":\"COPY\",\"source\":\"bucket1/a\",\"destinations\":[\"bucket3/a\",\"bucket3/a\"]}|steps[0].destinations"})
    void aSelectorStepThatBreaksARuleIsRefusedNamingTheField(String label, String step, String field) {
        assertEquals(List.of(field), refused(step));
    }

    @Test
    void aMergeMayWriteBesideItsSourcesWhereTheirMatchCannotSelectIt() {
        for (String destination : List.of("bucket1/in/all.txt", "bucket1/in/merged/{date}.csv", "bucket2/in/all.csv", "bucket1/out/{date}.csv")) {
            validator.validate(read("{\"id\":0,\"name\":\"m\",\"action\":\"MERGE\",\"sources\":{\"prefix\":\"bucket1/in/\",\"match\":\"*.csv\"},"
                    + "\"destination\":\"" + destination + "\"}"));
        }
    }

    @Test
    void basenamesAndFanOutAreAcceptedWhereTheyCannotCollide() {
        validator.validate(read("{\"id\":0,\"name\":\"c\",\"action\":\"COPY\",\"source\":{\"prefix\":\"bucket1/in/\",\"match\":\"*.csv\"},"
                + "\"destinations\":[\"bucket2/eu/{basename}\",\"bucket3/us/{stem}.{ext}\",\"bucket1/in/copies/{basename}\"]}"));
        validator.validate(read("{\"id\":0,\"name\":\"m\",\"action\":\"MOVE\",\"source\":{\"prefix\":\"bucket1/in/\"},"
                + "\"destination\":\"bucket1/{date}/{relativeKey}\"}"));
        validator.validate(read("{\"id\":0,\"name\":\"c\",\"action\":\"COPY\",\"source\":\"bucket1/a\","
                + "\"destinations\":[\"bucket2/a\",\"bucket3/{date}/a\"]}"));
        assertEquals(List.of("steps[0].destinations"), refused("{\"id\":0,\"name\":\"c\",\"action\":\"COPY\",\"source\":\"bucket1/a\","
                + "\"destinations\":[" + "\"bucket2/a\",".repeat(10) + "\"bucket2/b\"]}"));
        FileJobsException move = assertThrows(FileJobsException.class, () -> read("{\"id\":0,\"name\":\"m\",\"action\":\"MOVE\","
                + "\"source\":\"bucket1/a\",\"destinations\":[\"bucket2/a\"]}"));
        assertEquals(List.of("steps[0].destinations"), move.errors().stream().map(FieldError::field).toList(), "a MOVE has one destination");
    }
}
