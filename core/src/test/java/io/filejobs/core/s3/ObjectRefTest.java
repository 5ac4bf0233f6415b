package io.filejobs.core.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectRefTest {

    @Test
    void theBucketEndsAtTheFirstSlashAndTheKeyKeepsEverythingElse() {
        assertEquals(new ObjectRef("bucket1", "a/b c+d%20é/"), ObjectRef.parse("bucket1/a/b c+d%20é/"));
        assertEquals(new ObjectRef("my.bucket-1", "/leading"), ObjectRef.parse("my.bucket-1//leading"));
        assertEquals("bucket1/x", ObjectRef.parse("bucket1/x").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "Bucket", "bucket_1", "-bucket", "bucket-", "bu..cket", "bu.-cket",
        "192.168.1.1", "xn--bucket", "sthree-bucket", "amzn-s3-demo-bucket", "bucket-s3alias", "bucket--ol-s3",
        "bucket.mrap", "bucket--x-s3", "bucket--table-s3", "buck et"})
    void bucketsThatBreakS3sRulesAreRefused(String bucket) {
        assertTrue(ObjectRef.bucketProblem(bucket).isPresent(), bucket);
        assertThrows(IllegalArgumentException.class, () -> ObjectRef.parse(bucket + "/key"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "bucket1", "my.bucket.name", "a-b-c", "123", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "1.2.3"})
    void bucketsWithinS3sRulesAreAccepted(String bucket) {
        assertTrue(ObjectRef.bucketProblem(bucket).isEmpty(), bucket);
    }

    @Test
    void keysAreLimitedTo1024BytesOfUtf8() {
        assertTrue(ObjectRef.keyProblem("k".repeat(1024)).isEmpty());
        assertTrue(ObjectRef.keyProblem("k".repeat(1025)).isPresent());
        // 342 three-byte characters are 1026 bytes though only 342 chars.
        assertTrue(ObjectRef.keyProblem("€".repeat(342)).isPresent());
        assertTrue(ObjectRef.keyProblem("€".repeat(341)).isEmpty());
        assertTrue(ObjectRef.keyProblem("").isPresent());
        assertTrue(ObjectRef.keyProblem("bad\uD800").isPresent());
        assertThrows(IllegalArgumentException.class, () -> ObjectRef.parse("no-slash"));
    }
}
