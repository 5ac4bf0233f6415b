package io.filejobs.core.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.filejobs.core.run.RunRequest;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RunTriggerTest {

    @Test
    void aScheduleDerivesTheSameRunIdFromTheSameTimeAndClaimsItsRunAtStart() {
        ScheduleTrigger trigger = new ScheduleTrigger(Instant.parse("2026-11-22T01:00:00Z"));
        assertEquals("20261122T010000000Z-s", trigger.runId());
        assertEquals(trigger.runId(), new ScheduleTrigger(Instant.parse("2026-11-22T01:00:00.000Z")).runId());
        assertEquals(Instant.parse("2026-11-22T01:00:00Z"), trigger.logicalTime());
        assertEquals("2026-11-22T01:00:00Z", trigger.scheduledTime());
        assertTrue(trigger.claimsAtStart());
    }

    @Test
    void aManualRunHasAFreshIdStampedWithItsRequestTime() {
        Instant now = Instant.parse("2026-11-22T10:11:12.345Z");
        ManualTrigger one = ManualTrigger.at(now);
        ManualTrigger two = ManualTrigger.at(now);
        assertTrue(RunIds.isWellFormed(one.runId()), one.runId());
        assertFalse(one.runId().equals(two.runId()), "two requests in one millisecond are two runs");
        assertEquals(now, one.logicalTime());
        assertFalse(one.claimsAtStart());
        assertEquals(null, one.scheduledTime());
    }

    @Test
    void everyTriggerIsReadBackFromTheInputItStartsAnExecutionWith() {
        RunTrigger schedule = new ScheduleTrigger(Instant.parse("2026-11-22T01:00:00Z"));
        RunTrigger manual = ManualTrigger.at(Instant.parse("2026-11-22T02:00:00Z"));
        assertEquals(schedule, RunTrigger.of(schedule.request("abcdefghijklm")));
        assertEquals(manual, RunTrigger.of(manual.request("abcdefghijklm")));
        assertFalse(manual.request("abcdefghijklm").resume());
    }

    @Test
    void anInputWithoutWhatItsKindNeedsIsRefusedSayingWhat() {
        IllegalArgumentException noTime = assertThrows(IllegalArgumentException.class,
                () -> RunTrigger.of(new RunRequest("j", Trigger.SCHEDULE, "yesterday", null, false)));
        assertTrue(noTime.getMessage().contains("scheduledTime"), noTime.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RunTrigger.of(new RunRequest("j", Trigger.MANUAL, null, "not-a-run", false)));
        assertThrows(IllegalArgumentException.class, () -> RunTrigger.of(new RunRequest("j", null, null, null, false)));
    }

    @Test
    void anObjectCreatedEventDerivesOneRunIdPerEventStampedWithItsTime() {
        TriggerObject object = new TriggerObject("in", "builds/app.zip", 9, "\"abc\"", null, "2026-11-22T01:02:03.456Z", "0000000000000001");
        ObjectCreatedTrigger trigger = new ObjectCreatedTrigger(object);
        assertTrue(RunIds.isWellFormed(trigger.runId()), trigger.runId());
        assertTrue(trigger.runId().startsWith("20261122T010203456Z-o"), trigger.runId());
        assertEquals("abc", object.etag(), "quotes are not part of the ETag");
        assertEquals(trigger.runId(), new ObjectCreatedTrigger(object).runId(), "a duplicate delivery finds the same run");
        assertTrue(trigger.claimsAtStart());
        assertEquals(Instant.parse("2026-11-22T01:02:03.456Z"), trigger.logicalTime());
        TriggerObject rewritten = new TriggerObject("in", "builds/app.zip", 9, "abc", null, "2026-11-22T01:02:03.456Z", "0000000000000002");
        assertFalse(trigger.runId().equals(new ObjectCreatedTrigger(rewritten).runId()), "the same content written again is another event");
        TriggerObject versioned = new TriggerObject("in", "builds/app.zip", 9, "abc", "v2", "2026-11-22T01:02:03.456Z", "0000000000000001");
        assertFalse(trigger.runId().equals(new ObjectCreatedTrigger(versioned).runId()));
        RunRequest request = trigger.request("abcdefghijklm");
        assertEquals(trigger, RunTrigger.of(request));
        assertEquals("abcdefghijklm-" + trigger.runId(), request.executionName(), "one object may start runs of several jobs");
        assertThrows(IllegalArgumentException.class, () -> RunTrigger.of(new RunRequest("j", Trigger.OBJECT_CREATED, null, null, false)));
        assertThrows(IllegalArgumentException.class, () -> new ObjectCreatedTrigger(
                new TriggerObject("in", "k", 1, null, null, "yesterday", null)));
    }
}
