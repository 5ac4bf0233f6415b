package io.filejobs.core.trigger;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SelfTriggerTest {

    private static final JobTrigger ZIPS = new JobTrigger(JobTrigger.Type.OBJECT_CREATED, "in/drop/", "*.zip");
    private static final JobTrigger ALL = new JobTrigger(JobTrigger.Type.OBJECT_CREATED, "in/drop/", null);
    private static final JobTrigger ONE = new JobTrigger(JobTrigger.Type.OBJECT_CREATED, "in/drop/", "ready.flag");

    @Test
    void aDestinationElsewhereCannotStartTheJob() {
        assertFalse(SelfTrigger.mayMatch(ZIPS, "out/drop/{trigger.basename}"), "another bucket");
        assertFalse(SelfTrigger.mayMatch(ZIPS, "in/archive/{trigger.basename}"), "outside the prefix");
        assertFalse(SelfTrigger.mayMatch(ZIPS, "in/drop/{trigger.basename}.done"), "a name the match does not take");
        assertFalse(SelfTrigger.mayMatch(ZIPS, "in/drop/report.csv"), "a written-out name the match does not take");
        assertFalse(SelfTrigger.mayMatch(ONE, "in/drop/{date}.zip"), "a single name the template cannot end with");
    }

    @Test
    void aDestinationTheTriggerMayTakeIsCaught() {
        assertTrue(SelfTrigger.mayMatch(ZIPS, "in/drop/copies/{trigger.basename}"), "the match's ending may be filled in");
        assertTrue(SelfTrigger.mayMatch(ZIPS, "in/drop/{date}.zip"));
        assertTrue(SelfTrigger.mayMatch(ZIPS, "in/drop/app.zip"));
        assertTrue(SelfTrigger.mayMatch(ALL, "in/{trigger.key}.done"), "a template that begins above the prefix may reach into it");
        assertTrue(SelfTrigger.mayMatch(ONE, "in/drop/{stem}.flag"));
    }
}
