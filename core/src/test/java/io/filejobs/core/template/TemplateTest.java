package io.filejobs.core.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TemplateTest {

    /** 1 am Berlin time on 28 November 2026 is still the 27th in UTC. */
    private static final TemplateValues BERLIN = new TemplateValues(Instant.parse("2026-11-28T00:00:00Z"), ZoneId.of("Europe/Berlin"),
            "20261128T000000000Z-s", "nightly");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "out/{date}/x.csv|out/2026-11-28/x.csv",
        "out/{date-P1D}/x.csv|out/2026-11-27/x.csv",
        "curated/{date-P1D:yyyy/MM/dd}/extracts.csv|curated/2026/11/27/extracts.csv",
        "h/{date+PT1H:HH}|h/02",
        "m/{date-P1M:yyyy-MM}|m/2026-10",
        "t/{date:HH:mm}|t/01:00",
        "{jobName}/{runId}.log|nightly/20261128T000000000Z-s.log",
        "a{{b}}c|a{b}c",
        "plain/key.txt|plain/key.txt"})
    void placeholdersAreFilledInTheJobsZone(String template, String expected) {
        assertEquals(expected, Template.parse(template).render(BERLIN));
    }

    @Test
    void aTemplateWithoutPlaceholdersIsLiteral() {
        assertTrue(Template.parse("a{{b}}c").isLiteral());
        assertFalse(Template.parse("a/{date}").isLiteral());
        assertEquals("2026-11-28", Template.parse("{date}").render(new TemplateValues(Instant.parse("2026-11-28T00:00:00Z"),
                ZoneOffset.UTC, "r", "j")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "out/{today}/x|{today}",
        "out/{date:qqqqqqq}|pattern",
        "out/{date:yyyy-MM-dd'T}|pattern",
        "out/{date-P1X}|ISO-8601",
        "out/{date+1D}|not a placeholder",
        "out/{key}|object set",
        "out/{date|never closed",
        "out/date}|closes nothing"})
    void whatCannotBeFilledIsRefusedSayingWhy(String template, String says) {
        TemplateException refused = assertThrows(TemplateException.class, () -> Template.parse(template));
        assertTrue(refused.getMessage().contains(says), refused.getMessage());
    }

    @Test
    void theTriggerPlaceholdersNameTheObjectThatStartedTheRunAndOnlyThat() {
        Template template = Template.parse("archive/{trigger.bucket}/{trigger.relativeKey}|{trigger.basename}|{trigger.key}");
        assertTrue(template.usesTrigger());
        assertFalse(Template.parse("out/{date}").usesTrigger());
        TemplateValues run = new TemplateValues(Instant.parse("2026-11-28T00:00:00Z"), ZoneOffset.UTC, "r", "j");
        assertEquals("archive/in/day/a.zip|a.zip|drop/day/a.zip",
                template.render(run.withTrigger(new TemplateValues.Triggering("in", "drop/day/a.zip", "day/a.zip"))));
        TemplateException refused = assertThrows(TemplateException.class, () -> template.render(run));
        assertTrue(refused.getMessage().contains("object-created trigger"), refused.getMessage());
    }
}
