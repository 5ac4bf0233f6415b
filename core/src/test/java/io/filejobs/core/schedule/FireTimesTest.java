package io.filejobs.core.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Fire times worked out by hand from the calendar (2026-01-01 is a Thursday; Berlin springs
 * forward on 2026-03-29 and falls back on 2026-10-25; Sydney falls back on 2026-04-05 and
 * springs forward on 2026-10-04), not by the code under test.
 */
class FireTimesTest {

    private static List<String> next(String expression, String zone, String after, int count) {
        Instant anchor = Instant.parse("2026-11-21T10:15:00Z");
        return ScheduleExpression.parse(expression).nextFireTimes(ZoneId.of(zone), anchor, Instant.parse(after), count).stream()
                .map(DateTimeFormatter.ISO_OFFSET_DATE_TIME::format).toList();
    }

    @ParameterizedTest(name = "{0} in {1} after {2}")
    @CsvSource(delimiter = '|', value = {
        // 1 am Berlin time, in winter (+01:00) and in summer (+02:00)
        "cron(0 1 * * ? *)          | Europe/Berlin    | 2026-11-21T12:00:00Z | 2026-11-22T01:00:00+01:00 2026-11-23T01:00:00+01:00 2026-11-24T01:00:00+01:00",
        "cron(0 1 * * ? *)          | Europe/Berlin    | 2026-06-30T12:00:00Z | 2026-07-01T01:00:00+02:00 2026-07-02T01:00:00+02:00",
        // spring forward: 02:30 does not exist on 29 March in Berlin, so that day does not fire
        "cron(30 2 * * ? *)         | Europe/Berlin    | 2026-03-27T12:00:00Z | 2026-03-28T02:30:00+01:00 2026-03-30T02:30:00+02:00",
        // fall back: 02:30 happens twice on 25 October in Berlin, and fires once, at the first
        "cron(30 2 * * ? *)         | Europe/Berlin    | 2026-10-24T12:00:00Z | 2026-10-25T02:30:00+02:00 2026-10-26T02:30:00+01:00",
        // the southern hemisphere: Sydney falls back on 5 April and springs forward on 4 October
        "cron(30 2 * * ? *)         | Australia/Sydney | 2026-04-03T12:00:00Z | 2026-04-04T02:30:00+11:00 2026-04-05T02:30:00+11:00 2026-04-06T02:30:00+10:00",
        "cron(30 2 * * ? *)         | Australia/Sydney | 2026-10-02T12:00:00Z | 2026-10-03T02:30:00+10:00 2026-10-05T02:30:00+11:00",
        // an hourly schedule across Berlin's autumn overlap: 02:00 fires once
        "cron(0 * * * ? *)          | Europe/Berlin    | 2026-10-24T23:30:00Z | 2026-10-25T02:00:00+02:00 2026-10-25T03:00:00+01:00",
        // steps, ranges and names
        "cron(0/20 9-10 ? * MON-FRI *) | UTC           | 2026-11-20T10:30:00Z | 2026-11-20T10:40:00Z 2026-11-23T09:00:00Z 2026-11-23T09:20:00Z",
        // last day of the month, through a leap February
        "cron(0 12 L * ? *)         | UTC              | 2028-02-01T00:00:00Z | 2028-02-29T12:00:00Z 2028-03-31T12:00:00Z 2028-04-30T12:00:00Z",
        // last weekday: 31 Jan 2026 and 28 Feb 2026 are Saturdays
        "cron(0 12 LW * ? *)        | UTC              | 2026-01-01T00:00:00Z | 2026-01-30T12:00:00Z 2026-02-27T12:00:00Z 2026-03-31T12:00:00Z",
        // nearest weekday without leaving the month: 1 Aug 2026 is a Saturday, 1 Nov 2026 a Sunday
        "cron(0 12 1W * ? *)        | UTC              | 2026-07-15T00:00:00Z | 2026-08-03T12:00:00Z 2026-09-01T12:00:00Z 2026-10-01T12:00:00Z 2026-11-02T12:00:00Z",
        // 31W only in months that have a 31st; 31 May 2026 is a Sunday, so Friday the 29th
        "cron(0 12 31W * ? *)       | UTC              | 2026-04-15T00:00:00Z | 2026-05-29T12:00:00Z 2026-07-31T12:00:00Z",
        // first Monday: 1 Dec 2026 is a Tuesday, 1 Jan 2027 a Friday
        "cron(0 9 ? * MON#1 *)      | UTC              | 2026-11-22T00:00:00Z | 2026-12-07T09:00:00Z 2027-01-04T09:00:00Z",
        // last Friday of the month
        "cron(0 9 ? * 6L *)         | UTC              | 2026-11-22T00:00:00Z | 2026-11-27T09:00:00Z 2026-12-25T09:00:00Z 2027-01-29T09:00:00Z",
        // the year field, and the end of the schedule
        "cron(0 0 1 1 ? 2030-2031)  | UTC              | 2026-11-22T00:00:00Z | 2030-01-01T00:00:00Z 2031-01-01T00:00:00Z",
        // 29 February only in leap years
        "cron(0 0 29 2 ? *)         | UTC              | 2026-11-22T00:00:00Z | 2028-02-29T00:00:00Z 2032-02-29T00:00:00Z",
        // rates count whole periods from when the schedule was created (anchor 2026-11-21T10:15Z); a day is 24 hours
        "rate(1 day)                | Europe/Berlin    | 2026-11-22T00:00:00Z | 2026-11-22T11:15:00+01:00 2026-11-23T11:15:00+01:00",
        "rate(90 minutes)           | UTC              | 2026-11-21T12:00:00Z | 2026-11-21T13:15:00Z 2026-11-21T14:45:00Z",
        // one time, in the job's zone; and nothing once it has passed
        "at(2030-01-31T23:00:00)    | Europe/Berlin    | 2026-11-22T00:00:00Z | 2030-01-31T23:00:00+01:00",
        "at(2026-01-31T23:00:00)    | Europe/Berlin    | 2026-11-22T00:00:00Z | ''",
        // a one-time schedule inside the spring gap never fires
        "at(2026-03-29T02:30:00)    | Europe/Berlin    | 2026-01-01T00:00:00Z | ''",
    })
    void fireTimesAreThoseWorkedOutByHand(String expression, String zone, String after, String expected) {
        List<String> want = expected.isBlank() ? List.of() : Arrays.asList(expected.trim().split(" +"));
        assertEquals(want, next(expression.trim(), zone.trim(), after.trim(), want.isEmpty() ? 3 : want.size()));
    }
}
