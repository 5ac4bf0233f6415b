package io.filejobs.core.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The keys the embedded store (objects as files) can hold, and the destinations it can write now. */
class FileStoreKeyRulesTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"dir/", "a//b", "/lead", "a/./b", "a/../b", "..", ".", "nul\u0000x", "tab\tx", "del\u007fx"})
    void keysTheFilesCannotHoldAreRefused(String key) {
        Optional<String> problem = new FileStoreKeyRules(dir).keyProblem(key);
        assertTrue(problem.isPresent(), key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain.txt", "dir/with spaces/a+b%20c.txt", "ünïcödé/名前/файл.bin", "a.", "a/.hidden", "a\\b", "x..y"})
    void ordinaryKeysPass(String key) {
        assertEquals(Optional.empty(), new FileStoreKeyRules(dir).keyProblem(key));
    }

    @Test
    void aSegmentLongerThanTheStoreKeepsIsRefusedNamingItsLength() {
        FileStoreKeyRules rules = new FileStoreKeyRules(dir);
        assertEquals(Optional.empty(), rules.keyProblem("a/" + "x".repeat(FileStoreKeyRules.MAX_SEGMENT_BYTES)));
        String problem = rules.keyProblem("a/" + "é".repeat(101)).orElseThrow();
        assertTrue(problem.contains("202 bytes"), problem);
    }

    @Test
    void aDestinationCollidingWithAnObjectOrAFolderIsRefused() throws Exception {
        Files.createDirectories(dir.resolve("bucket1/reports/2026"));
        Files.writeString(dir.resolve("bucket1/reports/2026/jan.csv"), "x");
        Files.writeString(dir.resolve("bucket1/file"), "x");
        FileStoreKeyRules rules = new FileStoreKeyRules(dir);

        String underAnObject = rules.destinationProblem(new ObjectRef("bucket1", "file/child.txt")).orElseThrow();
        assertTrue(underAnObject.contains("'file'"), underAnObject);
        String onAFolder = rules.destinationProblem(new ObjectRef("bucket1", "reports/2026")).orElseThrow();
        assertTrue(onAFolder.contains("reports/2026/"), onAFolder);
        assertEquals(Optional.empty(), rules.destinationProblem(new ObjectRef("bucket1", "reports/2026/feb.csv")));
        assertEquals(Optional.empty(), rules.destinationProblem(new ObjectRef("bucket1", "reports/2026/jan.csv")), "overwriting is fine");
        assertEquals(Optional.empty(), rules.destinationProblem(new ObjectRef("bucket2", "new/deep/key")), "a bucket not yet there");
    }
}
