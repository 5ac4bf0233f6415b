package io.filejobs.core.schedule;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The six fields of an EventBridge cron expression, parsed by AWS's rules: minutes, hours,
 * day-of-month, month, day-of-week (1 = SUN) and year; exactly one of day-of-month and day-of-week
 * is {@code ?}; {@code L} and {@code W} in day-of-month, {@code L} and {@code #} in day-of-week.
 *
 * @param minutes allowed minutes, 0-59
 * @param hours allowed hours, 0-23
 * @param daysOfMonth the day-of-month field
 * @param months allowed months, 1-12
 * @param daysOfWeek the day-of-week field
 * @param years allowed years, 1970-2199
 */
public record CronExpression(
        BitSet minutes,
        BitSet hours,
        DayOfMonth daysOfMonth,
        BitSet months,
        DayOfWeek daysOfWeek,
        BitSet years) {

    public static final int MIN_YEAR = 1970;
    public static final int MAX_YEAR = 2199;

    private static final List<String> MONTH_NAMES =
            List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAY_NAMES = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

    private static final Pattern NEAREST_WEEKDAY = Pattern.compile("(\\d{1,2})W");
    private static final Pattern LAST_WEEKDAY_OF_MONTH = Pattern.compile("([A-Za-z0-9]+)L");
    private static final Pattern NTH_WEEKDAY = Pattern.compile("([A-Za-z0-9]+)#(\\d+)");

    /** The day-of-month field: {@code ?}, a set of days, {@code L} (last day), {@code LW}, or {@code nW}. */
    public sealed interface DayOfMonth {
        record Unspecified() implements DayOfMonth {
        }

        record Days(BitSet days) implements DayOfMonth {
        }

        record LastDay() implements DayOfMonth {
        }

        record LastWeekday() implements DayOfMonth {
        }

        record NearestWeekday(int day) implements DayOfMonth {
        }
    }

    /** The day-of-week field, 1 = SUN: {@code ?}, a set of days, {@code nL} (last such day), or {@code n#k}. */
    public sealed interface DayOfWeek {
        record Unspecified() implements DayOfWeek {
        }

        record Days(BitSet days) implements DayOfWeek {
        }

        record LastOfMonth(int day) implements DayOfWeek {
        }

        record NthOfMonth(int day, int nth) implements DayOfWeek {
        }
    }

    /** Parses the text between {@code cron(} and {@code )}. */
    public static CronExpression parse(String body) {
        String[] fields = body.trim().isEmpty() ? new String[0] : body.trim().split(" +");
        if (fields.length != 6 || !body.equals(String.join(" ", fields))) {
            throw new InvalidScheduleException("cron: must have exactly six fields separated by single spaces"
                    + " (minutes hours day-of-month month day-of-week year); got " + fields.length);
        }
        BitSet minutes = new Field("minutes", 0, 59, List.of()).parse(fields[0]);
        BitSet hours = new Field("hours", 0, 23, List.of()).parse(fields[1]);
        DayOfMonth dom = parseDayOfMonth(fields[2]);
        BitSet months = new Field("month", 1, 12, MONTH_NAMES).parse(fields[3]);
        DayOfWeek dow = parseDayOfWeek(fields[4]);
        BitSet years = new Field("year", MIN_YEAR, MAX_YEAR, List.of()).parse(fields[5]);
        boolean domUnspecified = dom instanceof DayOfMonth.Unspecified;
        boolean dowUnspecified = dow instanceof DayOfWeek.Unspecified;
        if (domUnspecified == dowUnspecified) {
            throw new InvalidScheduleException("cron day-of-month/day-of-week: exactly one of the two must be '?'"
                    + " (one names the days, the other is '?'); got '" + fields[2] + "' and '" + fields[4] + "'");
        }
        return new CronExpression(minutes, hours, dom, months, dow, years);
    }

    /**
     * The first fire time strictly after {@code after}, in {@code zone}, or empty when there is none
     * before the year field's end. A local time that a daylight-saving gap skips does not fire; a
     * local time repeated by an overlap fires once, at its first occurrence (EventBridge Scheduler's
     * documented behaviour).
     */
    public Optional<ZonedDateTime> next(ZoneId zone, Instant after) {
        LocalDate day = LocalDateTime.ofInstant(after, zone).toLocalDate().minusDays(1);
        for (; day.getYear() <= MAX_YEAR; day = day.plusDays(1)) {
            if (!years.get(day.getYear()) || !months.get(day.getMonthValue()) || !dayMatches(day)) {
                continue;
            }
            for (int hour = hours.nextSetBit(0); hour >= 0; hour = hours.nextSetBit(hour + 1)) {
                for (int minute = minutes.nextSetBit(0); minute >= 0; minute = minutes.nextSetBit(minute + 1)) {
                    LocalDateTime local = day.atTime(hour, minute);
                    List<ZoneOffset> offsets = zone.getRules().getValidOffsets(local);
                    if (offsets.isEmpty()) {
                        continue;
                    }
                    ZonedDateTime fire = ZonedDateTime.ofLocal(local, zone, offsets.get(0));
                    if (fire.toInstant().isAfter(after)) {
                        return Optional.of(fire);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private boolean dayMatches(LocalDate day) {
        boolean dom;
        if (daysOfMonth instanceof DayOfMonth.Days d) {
            dom = d.days().get(day.getDayOfMonth());
        } else if (daysOfMonth instanceof DayOfMonth.LastDay) {
            dom = day.getDayOfMonth() == day.lengthOfMonth();
        } else if (daysOfMonth instanceof DayOfMonth.LastWeekday) {
            dom = day.equals(lastWeekday(day));
        } else if (daysOfMonth instanceof DayOfMonth.NearestWeekday n) {
            dom = n.day() <= day.lengthOfMonth() && day.equals(nearestWeekday(day.withDayOfMonth(n.day())));
        } else {
            dom = true;
        }
        int awsDay = day.getDayOfWeek().getValue() % 7 + 1;
        boolean dow;
        if (daysOfWeek instanceof DayOfWeek.Days d) {
            dow = d.days().get(awsDay);
        } else if (daysOfWeek instanceof DayOfWeek.LastOfMonth l) {
            dow = awsDay == l.day() && day.plusDays(7).getMonthValue() != day.getMonthValue();
        } else if (daysOfWeek instanceof DayOfWeek.NthOfMonth n) {
            dow = awsDay == n.day() && (day.getDayOfMonth() - 1) / 7 + 1 == n.nth();
        } else {
            dow = true;
        }
        return dom && dow;
    }

    private static LocalDate lastWeekday(LocalDate inMonth) {
        LocalDate last = inMonth.with(TemporalAdjusters.lastDayOfMonth());
        while (last.getDayOfWeek() == java.time.DayOfWeek.SATURDAY || last.getDayOfWeek() == java.time.DayOfWeek.SUNDAY) {
            last = last.minusDays(1);
        }
        return last;
    }

    /** The weekday nearest to {@code target} without leaving its month. */
    private static LocalDate nearestWeekday(LocalDate target) {
        java.time.DayOfWeek dow = target.getDayOfWeek();
        if (dow == java.time.DayOfWeek.SATURDAY) {
            return target.getDayOfMonth() > 1 ? target.minusDays(1) : target.plusDays(2);
        }
        if (dow == java.time.DayOfWeek.SUNDAY) {
            return target.getDayOfMonth() < target.lengthOfMonth() ? target.plusDays(1) : target.minusDays(2);
        }
        return target;
    }

    private static DayOfMonth parseDayOfMonth(String text) {
        if (text.equals("?")) {
            return new DayOfMonth.Unspecified();
        }
        if (text.equals("L")) {
            return new DayOfMonth.LastDay();
        }
        if (text.equals("LW")) {
            return new DayOfMonth.LastWeekday();
        }
        Matcher nearest = NEAREST_WEEKDAY.matcher(text);
        if (nearest.matches()) {
            int day = Integer.parseInt(nearest.group(1));
            if (day < 1 || day > 31) {
                throw new InvalidScheduleException("cron day-of-month: '" + text + "' names day " + day + "; days are 1-31");
            }
            return new DayOfMonth.NearestWeekday(day);
        }
        if (text.contains("L") || text.contains("W")) {
            throw new InvalidScheduleException("cron day-of-month: '" + text + "' uses L or W wrongly;"
                    + " they stand alone as 'L', 'LW' or 'nW' (n = 1-31), never in a list or range");
        }
        return new DayOfMonth.Days(new Field("day-of-month", 1, 31, List.of()).parse(text));
    }

    private static DayOfWeek parseDayOfWeek(String text) {
        Field field = new Field("day-of-week", 1, 7, DAY_NAMES);
        if (text.equals("?")) {
            return new DayOfWeek.Unspecified();
        }
        if (text.equals("L")) {
            return new DayOfWeek.Days(field.parse("7"));
        }
        Matcher last = LAST_WEEKDAY_OF_MONTH.matcher(text);
        if (last.matches()) {
            return new DayOfWeek.LastOfMonth(field.value(last.group(1), text));
        }
        Matcher nth = NTH_WEEKDAY.matcher(text);
        if (nth.matches()) {
            int n = Integer.parseInt(nth.group(2));
            if (n < 1 || n > 5) {
                throw new InvalidScheduleException("cron day-of-week: in '" + text + "' the number after '#' must be 1-5");
            }
            return new DayOfWeek.NthOfMonth(field.value(nth.group(1), text), n);
        }
        if (text.contains("L") || text.contains("#")) {
            throw new InvalidScheduleException("cron day-of-week: '" + text + "' uses L or # wrongly;"
                    + " they stand alone as 'L', 'nL' or 'n#k', never in a list or range");
        }
        return new DayOfWeek.Days(field.parse(text));
    }

    /** A plain numeric field: lists of {@code *}, values and ranges, each with an optional {@code /step}. */
    private record Field(String name, int min, int max, List<String> names) {

        BitSet parse(String text) {
            if (text.isEmpty()) {
                throw error("is empty");
            }
            if (text.equals("?")) {
                throw error("'?' is allowed only in day-of-month and day-of-week");
            }
            BitSet set = new BitSet(max + 1);
            for (String item : text.split(",", -1)) {
                addItem(item, text, set);
            }
            return set;
        }

        private void addItem(String item, String text, BitSet set) {
            if (item.isEmpty()) {
                throw error("'" + text + "' has an empty list item");
            }
            String range = item;
            int step = 1;
            int slash = item.indexOf('/');
            if (slash >= 0) {
                range = item.substring(0, slash);
                String stepText = item.substring(slash + 1);
                if (!stepText.matches("\\d{1,4}") || Integer.parseInt(stepText) < 1) {
                    throw error("in '" + item + "' the increment after '/' must be a whole number of 1 or more");
                }
                step = Integer.parseInt(stepText);
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max;
            } else if (range.contains("-")) {
                String[] ends = range.split("-", -1);
                if (ends.length != 2) {
                    throw error("'" + item + "' is not a range like 1-5");
                }
                from = value(ends[0], item);
                to = value(ends[1], item);
                if (from > to) {
                    throw error("the range '" + item + "' runs backwards; write the smaller value first");
                }
            } else {
                from = value(range, item);
                to = slash >= 0 ? max : from;
            }
            for (int v = from; v <= to; v += step) {
                set.set(v);
            }
        }

        int value(String token, String item) {
            if (token.matches("\\d{1,4}")) {
                int v = Integer.parseInt(token);
                if (v < min || v > max) {
                    throw error("'" + item + "' has " + v + ", outside " + min + "-" + max);
                }
                return v;
            }
            int index = names.indexOf(token.toUpperCase(Locale.ROOT));
            if (index >= 0) {
                return min + index;
            }
            String allowed = names.isEmpty() ? min + "-" + max : min + "-" + max + " or " + names.get(0) + "-" + names.get(names.size() - 1);
            throw error("'" + item + "' is not a valid value (" + allowed + ")");
        }

        private InvalidScheduleException error(String why) {
            return new InvalidScheduleException("cron " + name + ": " + why);
        }
    }
}
