package io.filejobs.core.run;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * Run ids sort newest first within a job: a UTC timestamp, then {@code -s} for the run of a
 * scheduled time (the same time always gives the same id, so a duplicate trigger finds the run
 * already there) or {@code -m} and six random characters for a manual run.
 */
public final class RunIds {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern FORMAT = Pattern.compile("\\d{8}T\\d{9}Z-(s|m[0-9a-z]{6})");
    private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private RunIds() {
    }

    public static String scheduled(Instant scheduledTime) {
        return STAMP.format(scheduledTime) + "-s";
    }

    public static String manual(Instant now) {
        char[] suffix = new char[6];
        for (int i = 0; i < suffix.length; i++) {
            suffix[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return STAMP.format(now) + "-m" + new String(suffix);
    }

    public static boolean isWellFormed(String runId) {
        return runId != null && FORMAT.matcher(runId).matches();
    }
}
