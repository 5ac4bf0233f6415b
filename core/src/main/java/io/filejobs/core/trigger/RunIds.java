package io.filejobs.core.trigger;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * How triggers name their runs ({@link RunTrigger#runId()}). Run ids sort newest first within a job: a UTC timestamp, then {@code -s} for the run of a
 * scheduled time (the same time always gives the same id, so a duplicate trigger finds the run
 * already there), {@code -m} and six random characters for a manual run, or {@code -o} and twelve
 * hex digits derived from the event for an object-created run (stamped with the event's time).
 */
public final class RunIds {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern FORMAT = Pattern.compile("\\d{8}T\\d{9}Z-(s|m[0-9a-z]{6}|o[0-9a-f]{12})");
    private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private RunIds() {
    }

    static String scheduled(Instant scheduledTime) {
        return STAMP.format(scheduledTime) + "-s";
    }

    static String objectCreated(Instant eventTime, String digest) {
        return STAMP.format(eventTime) + "-o" + digest;
    }

    static String manual(Instant now) {
        char[] suffix = new char[6];
        for (int i = 0; i < suffix.length; i++) {
            suffix[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return STAMP.format(now) + "-m" + new String(suffix);
    }

    /** The instant a run id was stamped with: a scheduled run's time, a manual run's request, an object-created run's event. */
    public static Instant timeOf(String runId) {
        if (!isWellFormed(runId)) {
            throw new IllegalArgumentException("'" + runId + "' is not a run id");
        }
        return STAMP.parse(runId.substring(0, runId.indexOf('-')), Instant::from);
    }

    public static boolean isWellFormed(String runId) {
        return runId != null && FORMAT.matcher(runId).matches();
    }
}
