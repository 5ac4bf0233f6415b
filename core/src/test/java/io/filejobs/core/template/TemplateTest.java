package io.filejobs.core.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
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

    @Test
    void aSetsTemplateIsFilledForTheRunAndKeepsWhatNamesTheObject() {
        TemplateValues run = new TemplateValues(Instant.parse("2026-11-28T00:00:00Z"), ZoneId.of("Europe/Berlin"), "r-1", "night{ly}");
        String template = "out/{date-P1D:yyyy/MM/dd}/{jobName}/{{x}}/{relativeKey}.{ext}|{key}|{basename}|{stem}";
        String filled = Template.parseForObjects(template).fillRun(run);
        assertEquals("out/2026/11/27/night{{ly}}/{{x}}/{relativeKey}.{ext}|{key}|{basename}|{stem}", filled);
        TemplateValues object = run.withObject("in/day/a b+%ü.csv", "day/a b+%ü.csv");
        assertEquals("out/2026/11/27/night{ly}/{x}/day/a b+%ü.csv.csv|in/day/a b+%ü.csv|a b+%ü.csv|a b+%ü",
                Template.parseForObjects(filled).render(object));
        assertEquals("in/2026-11-28", Template.parse("in/{date}").fillRun(run), "a run's template is filled whole");
        TemplateValues triggered = run.withTrigger(new TemplateValues.Triggering("drop", "day/a.zip", "a.zip"));
        assertEquals("x/drop/a.zip/{relativeKey}", Template.parseForObjects("x/{trigger.bucket}/{trigger.basename}/{relativeKey}")
                .fillRun(triggered));
        assertThrows(TemplateException.class, () -> Template.parseForObjects("x/{trigger.key}/{key}").fillRun(run),
                "a run no object started cannot fill the trigger's placeholders, now or per object");
    }

    /** Whatever the template and the values, filling the run's part first and the object's later names each object as filling all at once does. */
    @Property(tries = 300)
    void fillingTheRunFirstNamesEveryObjectAlike(@ForAll("templates") String template, @ForAll("names") String jobName,
            @ForAll("names") String key) {
        TemplateValues run = new TemplateValues(Instant.parse("2026-03-29T00:30:00Z"), ZoneId.of("Europe/Berlin"), "r{1}", jobName);
        TemplateValues object = run.withObject(key, key.substring(key.indexOf('/') + 1));
        Template whole = Template.parseForObjects(template);
        assertEquals(whole.render(object), Template.parseForObjects(whole.fillRun(run)).render(object));
    }

    @Provide
    Arbitrary<String> templates() {
        Arbitrary<String> piece = Arbitraries.of("a", "b/", "/", ".", "-", " ", "%", "+", "ü", "{{", "}}", "{date}", "{date-P1D}",
                "{date+PT1H:HH}", "{date:yyyy/MM/dd}", "{date:yyyy'_'MM}", "{runId}", "{jobName}", "{key}", "{relativeKey}", "{basename}",
                "{stem}", "{ext}");
        return piece.list().ofMaxSize(8).map(pieces -> String.join("", pieces));
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.of("a", "b", "/", ".", "%", "+", " ", "ü", "{", "}").list().ofMinSize(1).ofMaxSize(10)
                .map(pieces -> "p/" + String.join("", pieces));
    }
}
