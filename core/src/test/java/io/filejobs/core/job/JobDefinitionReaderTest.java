package io.filejobs.core.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.filejobs.core.error.ErrorCode;
import io.filejobs.core.error.FileJobsException;
import io.micronaut.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bodies that are not plain UTF-8 JSON, and values that would be stored other than they were sent. */
class JobDefinitionReaderTest {

    private static final String JOB = "{\"name\":\"x\",\"steps\":[{\"id\":0,\"name\":\"s\",\"action\":\"DELETE\",\"source\":\"bucket1/a.txt\"}]}";
    private final JobDefinitionReader reader = io.filejobs.core.testing.TestActions.reader();

    private FileJobsException refused(byte[] body) {
        return assertThrows(FileJobsException.class, () -> reader.read(body));
    }

    @Test
    void plainUtf8IsRead() {
        assertEquals("bucket1/a.txt", reader.read(JOB.getBytes(StandardCharsets.UTF_8)).steps().get(0).json().get("source"));
    }

    /** An overlong encoding of '/' (0xC0 0xAF) inside a key: a lenient decoder would read "bucket1/../x". */
    @Test
    void bytesThatAreNotWellFormedUtf8AreMalformed() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(JOB.substring(0, JOB.indexOf("a.txt")).getBytes(StandardCharsets.UTF_8));
        body.writeBytes(new byte[] {'.', '.', (byte) 0xC0, (byte) 0xAF, 'x'});
        body.writeBytes(JOB.substring(JOB.indexOf("a.txt") + 5).getBytes(StandardCharsets.UTF_8));
        FileJobsException e = refused(body.toByteArray());
        assertEquals(ErrorCode.MALFORMED_REQUEST, e.code());
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
    }

    @Test
    void utf16AndUtf32BodiesAndByteOrderMarksAreMalformed() {
        for (String charset : List.of("UTF-16LE", "UTF-16BE", "UTF-16", "UTF-32LE", "UTF-32BE")) {
            FileJobsException e = refused(JOB.getBytes(Charset.forName(charset)));
            assertEquals(ErrorCode.MALFORMED_REQUEST, e.code(), charset);
        }
        assertEquals(ErrorCode.MALFORMED_REQUEST, refused(("\uFEFF" + JOB).getBytes(StandardCharsets.UTF_8)).code());
    }

    @Test
    void aStepIdWithAFractionOrExponentIsRefusedNotRounded() {
        for (String id : List.of("1e-400", "0.0", "1.0", "1e0", "1e400")) {
            FileJobsException e = refused(JOB.replace("\"id\":0", "\"id\":" + id).getBytes(StandardCharsets.UTF_8));
            assertEquals(ErrorCode.VALIDATION_FAILED, e.code(), id);
            assertEquals("steps[0].id", e.errors().get(0).field(), id);
        }
    }

    @Test
    void unpairedSurrogatesAreRefusedNamingTheField() {
        FileJobsException e = refused("{\"name\":\"x\",\"description\":\"bad \\udc00 text\",\"steps\":[]}".getBytes(StandardCharsets.UTF_8));
        assertEquals("description", e.errors().get(0).field());
        assertEquals("pairs are fine: \uD83D\uDE00", reader.read(JOB.replace("\"name\":\"x\"", "\"name\":\"x\",\"description\":\"pairs are fine: \\ud83d\\ude00\"")
                .getBytes(StandardCharsets.UTF_8)).description());
    }

    @Test
    void parserErrorsAreInOurWordsWithAPosition() {
        String deep = "[".repeat(2000) + "]".repeat(2000);
        FileJobsException e = refused(deep.getBytes(StandardCharsets.UTF_8));
        assertEquals(ErrorCode.MALFORMED_REQUEST, e.code());
        assertFalse(e.getMessage().contains("StreamReadConstraints"), e.getMessage());
        assertFalse(e.getMessage().contains("`"), e.getMessage());
        FileJobsException cut = refused("{\"name\": ".getBytes(StandardCharsets.UTF_8));
        assertTrue(cut.getMessage().contains("line 1"), cut.getMessage());
    }
}
