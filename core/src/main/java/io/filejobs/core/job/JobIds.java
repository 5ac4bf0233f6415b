package io.filejobs.core.job;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/** Job ids: 13 random characters of {@code [0-9a-z]} (about 67 bits), safe in paths, keys and schedule names. */
public final class JobIds {

    private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final Pattern FORMAT = Pattern.compile("[0-9a-z]{13}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private JobIds() {
    }

    public static String next() {
        char[] id = new char[13];
        for (int i = 0; i < id.length; i++) {
            id[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(id);
    }

    /** Whether the text could be a job id at all; anything else names no job. */
    public static boolean isWellFormed(String id) {
        return id != null && FORMAT.matcher(id).matches();
    }
}
