package io.filejobs.core.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An EventBridge Scheduler expression: {@code cron(...)}, {@code rate(...)} or {@code at(...)}. */
public sealed interface ScheduleExpression {

    /** Parses an expression with EventBridge Scheduler's rules, or throws saying what is wrong. */
    static ScheduleExpression parse(String expression) {
        if (expression.startsWith("cron(") && expression.endsWith(")")) {
            return new Cron(CronExpression.parse(expression.substring(5, expression.length() - 1)));
        }
        if (expression.startsWith("rate(") && expression.endsWith(")")) {
            return Rate.parse(expression.substring(5, expression.length() - 1));
        }
        if (expression.startsWith("at(") && expression.endsWith(")")) {
            return At.parse(expression.substring(3, expression.length() - 1));
        }
        throw new InvalidScheduleException(
                "must be cron(minutes hours day-of-month month day-of-week year), rate(value unit) or at(yyyy-mm-ddThh:mm:ss)");
    }

    /**
     * The first {@code count} fire times strictly after {@code after}, in {@code zone}. A rate fires
     * at {@code anchor} (when its job was created, as Scheduler starts a rate schedule at once) and
     * every whole period after; a day is 24 hours.
     */
    default List<ZonedDateTime> nextFireTimes(ZoneId zone, Instant anchor, Instant after, int count) {
        List<ZonedDateTime> times = new ArrayList<>();
        Instant cursor = after;
        while (times.size() < count) {
            Optional<ZonedDateTime> next = next(zone, anchor, cursor);
            if (next.isEmpty()) {
                break;
            }
            times.add(next.get());
            cursor = next.get().toInstant();
        }
        return times;
    }

    /** The first fire time strictly after {@code after}. */
    Optional<ZonedDateTime> next(ZoneId zone, Instant anchor, Instant after);

    /** A recurring schedule on calendar fields. */
    record Cron(CronExpression cron) implements ScheduleExpression {
        @Override
        public Optional<ZonedDateTime> next(ZoneId zone, Instant anchor, Instant after) {
            return cron.next(zone, after);
        }
    }

    /** A schedule every {@code value} minutes, hours or days. */
    record Rate(long value, ChronoUnit unit) implements ScheduleExpression {

        @Override
        public Optional<ZonedDateTime> next(ZoneId zone, Instant anchor, Instant after) {
            Duration period = unit.getDuration().multipliedBy(value);
            long periods = after.isBefore(anchor) ? 0 : Duration.between(anchor, after).dividedBy(period) + 1;
            return Optional.of(anchor.plus(period.multipliedBy(periods)).atZone(zone));
        }

        private static final Pattern RATE = Pattern.compile("(\\d{1,9}) (minute|minutes|hour|hours|day|days)");

        static Rate parse(String body) {
            Matcher m = RATE.matcher(body);
            if (!m.matches()) {
                throw new InvalidScheduleException("rate: must be 'rate(value unit)' with a positive whole value and a unit of"
                        + " minute(s), hour(s) or day(s), for example rate(5 minutes); got rate(" + body + ")");
            }
            long value = Long.parseLong(m.group(1));
            String unit = m.group(2);
            if (value < 1) {
                throw new InvalidScheduleException("rate: the value must be 1 or more");
            }
            boolean plural = unit.endsWith("s");
            if (value == 1 && plural) {
                throw new InvalidScheduleException("rate: a value of 1 takes the singular unit, for example rate(1 "
                        + unit.substring(0, unit.length() - 1) + ")");
            }
            if (value > 1 && !plural) {
                throw new InvalidScheduleException("rate: a value above 1 takes the plural unit, for example rate("
                        + value + " " + unit + "s)");
            }
            ChronoUnit chronoUnit = switch (unit.charAt(0)) {
                case 'm' -> ChronoUnit.MINUTES;
                case 'h' -> ChronoUnit.HOURS;
                default -> ChronoUnit.DAYS;
            };
            return new Rate(value, chronoUnit);
        }
    }

    /** A one-time schedule at a local date and time in the job's time zone. */
    record At(LocalDateTime time) implements ScheduleExpression {

        /** The one fire time, if it is still to come; a local time a daylight-saving gap skips never comes. */
        @Override
        public Optional<ZonedDateTime> next(ZoneId zone, Instant anchor, Instant after) {
            List<ZoneOffset> offsets = zone.getRules().getValidOffsets(time);
            if (offsets.isEmpty()) {
                return Optional.empty();
            }
            ZonedDateTime fire = ZonedDateTime.ofLocal(time, zone, offsets.get(0));
            return fire.toInstant().isAfter(after) ? Optional.of(fire) : Optional.empty();
        }

        private static final DateTimeFormatter FORMAT =
                DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);

        static At parse(String body) {
            try {
                return new At(LocalDateTime.parse(body, FORMAT));
            } catch (DateTimeParseException e) {
                throw new InvalidScheduleException("at: must be a real date and time written yyyy-mm-ddThh:mm:ss,"
                        + " for example at(2030-01-31T23:00:00); got at(" + body + ")");
            }
        }
    }
}
