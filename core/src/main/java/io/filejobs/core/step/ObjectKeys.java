package io.filejobs.core.step;

/** Object keys in the order S3 lists them: by their UTF-8 bytes, which is the order of their code points. */
public final class ObjectKeys {

    private ObjectKeys() {
    }

    /**
     * Compares two keys as S3 orders them. {@link String#compareTo} compares UTF-16 units, which
     * puts a character beyond U+FFFF before one from U+E000 to U+FFFF; S3 puts it after.
     */
    public static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
