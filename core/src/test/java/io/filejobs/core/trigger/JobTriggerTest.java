package io.filejobs.core.trigger;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JobTriggerTest {

    @Test
    void aTriggerTakesTheKeysUnderItsPrefixThatItsGlobMatches() {
        JobTrigger oneFolder = new JobTrigger(JobTrigger.Type.OBJECT_CREATED, "bucket1/builds/", "*.zip");
        JobTrigger anyDepth = new JobTrigger(JobTrigger.Type.OBJECT_CREATED, "bucket1/builds/", "**.zip");
        JobTrigger everything = new JobTrigger(JobTrigger.Type.OBJECT_CREATED, "bucket1/", null);
        assertTrue(oneFolder.matches("bucket1", "builds/app 1+2%ü.zip"));
        assertFalse(oneFolder.matches("bucket1", "builds/v1/app.zip"), "* stops at /");
        assertTrue(anyDepth.matches("bucket1", "builds/v1/app.zip"));
        assertTrue(anyDepth.matches("bucket1", "builds/app.zip"));
        assertFalse(oneFolder.matches("bucket2", "builds/app.zip"), "another bucket");
        assertFalse(oneFolder.matches("bucket1", "build/app.zip"), "outside the prefix");
        assertFalse(oneFolder.matches("bucket1", "builds/app.zip.sig"));
        assertTrue(everything.matches("bucket1", "any/depth/at all/"));
    }
}
