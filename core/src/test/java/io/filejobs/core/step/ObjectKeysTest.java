package io.filejobs.core.step;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keys compare as S3 lists them: by UTF-8 bytes, where String.compareTo would not. */
class ObjectKeysTest {

    private static int utf8(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void keysCompareByTheirUtf8Bytes() {
        String beyondBmp = "k\uD83D\uDE00";   // U+1F600
        String highBmp = "k\uFF21";           // U+FF21
        assertTrue("k\uD83D\uDE00".compareTo(highBmp) < 0, "UTF-16 puts the emoji first");
        assertTrue(ObjectKeys.compare(beyondBmp, highBmp) > 0, "S3 puts it after");
        List<String> keys = new ArrayList<>(List.of("a/b", "a", "a/", "a b", "a+b", "a%b", "é", "z", beyondBmp, highBmp, "k", "k/", ""));
        for (String a : keys) {
            for (String b : keys) {
                assertEquals(Integer.signum(utf8(a, b)), Integer.signum(ObjectKeys.compare(a, b)), a + " vs " + b);
            }
        }
    }
}
