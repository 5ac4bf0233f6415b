package io.filejobs.core.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScheduleExpressionTest {

    private static CronExpression cron(String expression) {
        return assertInstanceOf(ScheduleExpression.Cron.class, ScheduleExpression.parse(expression)).cron();
    }

    private static BitSet bits(int... values) {
        BitSet set = new BitSet();
        IntStream.of(values).forEach(set::set);
        return set;
    }

    @Test
    void theDesignExampleIsOneAmEveryDay() {
        CronExpression c = cron("cron(0 1 * * ? *)");
        assertEquals(bits(0), c.minutes());
        assertEquals(bits(1), c.hours());
        assertEquals(31, ((CronExpression.DayOfMonth.Days) c.daysOfMonth()).days().cardinality());
        assertEquals(12, c.months().cardinality());
        assertInstanceOf(CronExpression.DayOfWeek.Unspecified.class, c.daysOfWeek());
        assertEquals(CronExpression.MAX_YEAR - CronExpression.MIN_YEAR + 1, c.years().cardinality());
    }

    @Test
    void listsRangesStepsAndNamesExpandToTheRightValues() {
        CronExpression c = cron("cron(0/15 8-10,14 ? jan,Mar-MAY MON-FRI 2030/2)");
        assertEquals(bits(0, 15, 30, 45), c.minutes());
        assertEquals(bits(8, 9, 10, 14), c.hours());
        assertEquals(bits(1, 3, 4, 5), c.months());
        assertEquals(bits(2, 3, 4, 5, 6), ((CronExpression.DayOfWeek.Days) c.daysOfWeek()).days());
        assertTrue(c.years().get(2030) && c.years().get(2032) && !c.years().get(2031) && c.years().get(2198));
        assertEquals(bits(0, 10, 20, 30, 40, 50), cron("cron(*/10 * * * ? *)").minutes());
        assertEquals(bits(5, 7, 9), cron("cron(5-9/2 * * * ? *)").minutes());
    }

    @Test
    void theSpecialDayFormsAreKept() {
        assertInstanceOf(CronExpression.DayOfMonth.LastDay.class, cron("cron(0 0 L * ? *)").daysOfMonth());
        assertInstanceOf(CronExpression.DayOfMonth.LastWeekday.class, cron("cron(0 0 LW * ? *)").daysOfMonth());
        assertEquals(new CronExpression.DayOfMonth.NearestWeekday(15), cron("cron(0 0 15W * ? *)").daysOfMonth());
        assertEquals(new CronExpression.DayOfWeek.LastOfMonth(6), cron("cron(0 0 ? * 6L *)").daysOfWeek());
        assertEquals(new CronExpression.DayOfWeek.LastOfMonth(6), cron("cron(0 0 ? * FRIL *)").daysOfWeek());
        assertEquals(new CronExpression.DayOfWeek.NthOfMonth(2, 1), cron("cron(0 0 ? * MON#1 *)").daysOfWeek());
        assertEquals(bits(7), ((CronExpression.DayOfWeek.Days) cron("cron(0 0 ? * L *)").daysOfWeek()).days());
    }

    @Test
    void ratesAndOneTimeSchedules() {
        assertEquals(new ScheduleExpression.Rate(1, ChronoUnit.MINUTES), ScheduleExpression.parse("rate(1 minute)"));
        assertEquals(new ScheduleExpression.Rate(12, ChronoUnit.HOURS), ScheduleExpression.parse("rate(12 hours)"));
        assertEquals(new ScheduleExpression.Rate(7, ChronoUnit.DAYS), ScheduleExpression.parse("rate(7 days)"));
        assertEquals(new ScheduleExpression.At(LocalDateTime.of(2028, 2, 29, 23, 59, 59)), ScheduleExpression.parse("at(2028-02-29T23:59:59)"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "cron(60 1 * * ? *)       | cron minutes:",
        "cron(0 24 * * ? *)       | cron hours:",
        "cron(0 1 0 * ? *)        | cron day-of-month:",
        "cron(0 1 * 13 ? *)       | cron month:",
        "cron(0 1 ? * 8 *)        | cron day-of-week:",
        "cron(0 1 * * ? 1969)     | cron year:",
        "cron(0 1 * * MON *)      | cron day-of-month/day-of-week:",
        "cron(0 1 ? * ? *)        | cron day-of-month/day-of-week:",
        "cron(0 1 * *)            | cron: must have exactly six fields",
        "cron(0 ? * * ? *)        | cron hours: '?'",
        "cron(0 1 L-2 * ? *)      | cron day-of-month:",
        "cron(0 1 ? * 2#6 *)      | cron day-of-week:",
        "cron(0 1 5-2 * ? *)      | cron day-of-month: the range '5-2' runs backwards",
        "rate(1 minutes)          | rate: a value of 1 takes the singular unit",
        "rate(2 hour)             | rate: a value above 1 takes the plural unit",
        "rate(0 days)             | rate: the value must be 1 or more",
        "rate(3 weeks)            | rate: must be",
        "at(2029-02-29T00:00:00)  | at: must be a real date",
        "every day                | must be cron(",
    })
    void errorsNameThePartThatIsWrong(String expression, String expectedStart) {
        InvalidScheduleException e = assertThrows(InvalidScheduleException.class, () -> ScheduleExpression.parse(expression.trim()));
        assertTrue(e.getMessage().startsWith(expectedStart.trim()), e.getMessage());
    }
}
