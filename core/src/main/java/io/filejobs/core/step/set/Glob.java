package io.filejobs.core.step.set;

import java.util.regex.Pattern;

/**
 * A selector's {@code match}: a glob over the key after the selector's prefix. {@code *} is any run
 * of characters without {@code /}, {@code **} any run at all, {@code ?} one character other than
 * {@code /}; every other character stands for itself.
 */
public final class Glob {

    private final String text;
    private final Pattern pattern;

    private Glob(String text, Pattern pattern) {
        this.text = text;
        this.pattern = pattern;
    }

    public static Glob of(String text) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '*' || c == '?') {
                if (literal.length() > 0) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                if (c == '?') {
                    regex.append("[^/]");
                } else if (i + 1 < text.length() && text.charAt(i + 1) == '*') {
                    regex.append(".*");
                    i++;
                } else {
                    regex.append("[^/]*");
                }
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return new Glob(text, Pattern.compile(regex.toString(), Pattern.DOTALL));
    }

    public boolean matches(String relativeKey) {
        return pattern.matcher(relativeKey).matches();
    }

    /** Whether two keys it matches can differ only in their folders: it crosses no '/'. */
    public boolean staysInOneFolder() {
        return !text.contains("/") && !text.contains("**");
    }

    @Override
    public String toString() {
        return text;
    }
}
