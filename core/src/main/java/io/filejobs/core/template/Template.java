package io.filejobs.core.template;

import io.micronaut.core.annotation.Nullable;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Period;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAmount;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An object name with placeholders, filled per run: {@code curated/{date-P1D:yyyy/MM/dd}/out.csv}.
 * {@code {date}} is the run's logical date in the job's zone ({@code yyyy-MM-dd}); {@code
 * {date:PATTERN}} formats it with a date-time pattern; {@code {date-P1D}} and {@code {date+PT1H:HH}}
 * move it first by an ISO-8601 period or duration. {@code {runId}} and {@code {jobName}} name the
 * run and the job. {@code {{}} and {@code }}} are literal braces. Anything else in braces, a pattern
 * or an amount that cannot be read, is refused when the template is read, saying which and why.
 * In a step over an object set ({@link #parseForObjects}), {@code {key}}, {@code {relativeKey}} (the
 * key after the selector's prefix), {@code {basename}}, {@code {stem}} and {@code {ext}} name the
 * object at hand. In a run an object-created trigger started, {@code {trigger.bucket}}, {@code
 * {trigger.key}}, {@code {trigger.relativeKey}} (the key after the trigger's prefix) and {@code
 * {trigger.basename}} name the object that started it; filling them in any other run is refused.
 */
public final class Template {

    private static final String DEFAULT_DATE = "yyyy-MM-dd";
    private static final Pattern DATE = Pattern.compile("date(?:([+-])(P[0-9A-Za-z.]+))?(?::(.+))?", Pattern.DOTALL);
    private static final Set<String> OBJECT = Set.of("key", "relativeKey", "basename", "stem", "ext");
    private static final Set<String> TRIGGER = Set.of("trigger.bucket", "trigger.key", "trigger.relativeKey", "trigger.basename");

    private final String text;
    private final List<Part> parts;
    private final Set<String> placeholders;

    /** A piece of a template: text, or a placeholder ({@code name}) and how a run's values fill it. */
    private record Part(@Nullable String name, Function<TemplateValues, String> fill) {

        static Part text(String text) {
            return new Part(null, values -> text);
        }
    }

    private Template(String text, List<Part> parts, Set<String> placeholders) {
        this.text = text;
        this.parts = List.copyOf(parts);
        this.placeholders = Set.copyOf(placeholders);
    }

    /** Reads a template of a run's values; throws {@link TemplateException} naming what is wrong. */
    public static Template parse(String text) {
        return parse(text, false);
    }

    /** Reads a template that also names the object at hand, in a step over an object set. */
    public static Template parseForObjects(String text) {
        return parse(text, true);
    }

    private static Template parse(String text, boolean objects) {
        Set<String> names = new java.util.HashSet<>();
        List<Part> parts = new ArrayList<>();
        StringBuilder plain = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '{' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
                plain.append('{');
                i += 2;
            } else if (c == '}' && i + 1 < text.length() && text.charAt(i + 1) == '}') {
                plain.append('}');
                i += 2;
            } else if (c == '}') {
                throw new TemplateException("has a '}' at position " + (i + 1) + " that closes nothing; write '}}' for a literal brace");
            } else if (c == '{') {
                int end = text.indexOf('}', i + 1);
                if (end < 0) {
                    throw new TemplateException("has a '{' at position " + (i + 1) + " that is never closed; write '{{' for a literal brace");
                }
                parts.add(Part.text(plain.toString()));
                plain.setLength(0);
                String name = text.substring(i + 1, end);
                parts.add(new Part(name, placeholder(name, objects)));
                names.add(name);
                i = end + 1;
            } else {
                plain.append(c);
                i++;
            }
        }
        parts.add(Part.text(plain.toString()));
        return new Template(text, parts, names);
    }

    /** Whether the template has no placeholder (its text, with {@code {{ }}} unescaped, is the name). */
    public boolean isLiteral() {
        return placeholders.isEmpty();
    }

    /** Whether it uses a placeholder only a run an object's creation started can fill, such as {@code {trigger.key}}. */
    public boolean usesTrigger() {
        return placeholders.stream().anyMatch(TRIGGER::contains);
    }

    /** Whether it uses the placeholder {@code name}, such as {@code key}. */
    public boolean uses(String name) {
        return placeholders.contains(name);
    }

    /** The part of a template before its first placeholder: what every name it fills in begins with. */
    public static String literalHead(String template) {
        int brace = template.indexOf('{');
        return brace < 0 ? template : template.substring(0, brace);
    }

    public String render(TemplateValues values) {
        StringBuilder out = new StringBuilder();
        parts.forEach(part -> out.append(part.fill().apply(values)));
        return out.toString();
    }

    /**
     * The template with the run's values filled in and the object's placeholders ({@code {key}},
     * {@code {relativeKey}}, ...) kept: the text of a template of the object alone, which renders for
     * each object what this one does with the same run's values. Braces that the filled-in values or
     * the template's own text bring are written {@code {{} and {@code }}}.
     */
    public String fillRun(TemplateValues values) {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            if (part.name() != null && OBJECT.contains(part.name())) {
                out.append('{').append(part.name()).append('}');
            } else {
                out.append(part.fill().apply(values).replace("{", "{{").replace("}", "}}"));
            }
        }
        return out.toString();
    }

    private static Function<TemplateValues, String> placeholder(String name, boolean objects) {
        switch (name) {
            case "runId":
                return TemplateValues::runId;
            case "jobName":
                return TemplateValues::jobName;
            default:
                break;
        }
        if (OBJECT.contains(name)) {
            if (!objects) {
                throw new TemplateException("uses {" + name + "}, which only a step over an object set can fill (its source is a selector)");
            }
            return switch (name) {
                case "key" -> TemplateValues::key;
                case "relativeKey" -> TemplateValues::relativeKey;
                case "basename" -> TemplateValues::basename;
                case "stem" -> TemplateValues::stem;
                default -> TemplateValues::ext;
            };
        }
        if (TRIGGER.contains(name)) {
            return switch (name) {
                case "trigger.bucket" -> values -> values.triggering(name).bucket();
                case "trigger.key" -> values -> values.triggering(name).key();
                case "trigger.relativeKey" -> values -> values.triggering(name).relativeKey();
                default -> values -> values.triggering(name).basename();
            };
        }
        Matcher date = DATE.matcher(name);
        if (!date.matches()) {
            throw new TemplateException("uses {" + name + "}, which is not a placeholder; the placeholders are {date}, {date:PATTERN},"
                    + " {date-P1D}, {date+PT1H:HH}, {runId} and {jobName}, in a step over an object set {key}, {relativeKey},"
                    + " {basename}, {stem} and {ext}, and in a job with triggers {trigger.bucket}, {trigger.key},"
                    + " {trigger.relativeKey} and {trigger.basename} (write '{{' for a literal brace)");
        }
        TemporalAmount amount = date.group(2) == null ? null : amount(date.group(2), name);
        boolean back = "-".equals(date.group(1));
        DateTimeFormatter format = formatter(date.group(3) == null ? DEFAULT_DATE : date.group(3), name);
        return values -> {
            ZonedDateTime time = values.logicalTime().atZone(values.zone());
            if (amount != null) {
                time = back ? time.minus(amount) : time.plus(amount);
            }
            return format.format(time);
        };
    }

    private static TemporalAmount amount(String text, String name) {
        try {
            return Period.parse(text);
        } catch (DateTimeParseException notAPeriod) {
            try {
                return Duration.parse(text);
            } catch (DateTimeParseException notADuration) {
                throw new TemplateException("uses {" + name + "}, whose '" + text + "' is not an ISO-8601 period (P1D, P1M) or duration (PT1H)");
            }
        }
    }

    private static DateTimeFormatter formatter(String pattern, String name) {
        DateTimeFormatter format;
        try {
            format = DateTimeFormatter.ofPattern(pattern, Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new TemplateException("uses {" + name + "}, whose pattern '" + pattern + "' is not a date-time pattern: " + e.getMessage());
        }
        try {
            // A pattern may name a field a zoned date-time does not have; find out now, not when a run fills it.
            format.format(ZonedDateTime.parse("2026-01-01T00:00:00Z"));
        } catch (DateTimeException e) {
            throw new TemplateException("uses {" + name + "}, whose pattern '" + pattern + "' cannot format a date and time: " + e.getMessage());
        }
        return format;
    }

    @Override
    public String toString() {
        return text;
    }
}
