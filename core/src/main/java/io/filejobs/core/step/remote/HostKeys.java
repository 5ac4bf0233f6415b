package io.filejobs.core.step.remote;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/** The pins a job writes for a server: an SSH host key's SHA-256 fingerprint, a TLS certificate's SHA-256 fingerprint. */
final class HostKeys {

    private HostKeys() {
    }

    /** What is wrong with an SSH host key fingerprint, as {@code ssh-keygen -lf} prints it ({@code SHA256:} and 43 base64 characters). */
    static Optional<String> hostKeyProblem(String fingerprint) {
        if (!fingerprint.startsWith("SHA256:")) {
            return Optional.of("must be the server's SHA-256 host key fingerprint, such as SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8"
                    + " (ssh-keyscan HOST | ssh-keygen -lf -)");
        }
        try {
            if (Base64.getDecoder().decode(pad(fingerprint.substring(7))).length != 32) {
                return Optional.of("is not a SHA-256 fingerprint: it must hold 32 bytes in base64");
            }
        } catch (IllegalArgumentException e) {
            return Optional.of("is not a SHA-256 fingerprint: the part after SHA256: is not base64");
        }
        return Optional.empty();
    }

    static boolean sameFingerprint(String pinned, String seen) {
        return pinned.replaceAll("=+$", "").equals(seen.replaceAll("=+$", ""));
    }

    private static String pad(String base64) {
        String s = base64.replaceAll("=+$", "");
        return s + "=".repeat((4 - s.length() % 4) % 4);
    }

    /**
     * A certificate's SHA-256 fingerprint as 64 lower-case hex digits, from the forms tools print
     * ({@code AB:CD:...} from openssl, with or without colons, with or without a {@code SHA256:}
     * prefix); empty when it is none of them.
     */
    static Optional<String> certificateFingerprint(String pinned) {
        String hex = pinned.trim();
        if (hex.regionMatches(true, 0, "SHA256:", 0, 7)) {
            hex = hex.substring(7);
        }
        hex = hex.replace(":", "").toLowerCase(Locale.ROOT);
        if (hex.length() != 64 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return Optional.empty();
        }
        return Optional.of(hex);
    }

    /** A digest's name as Java's MessageDigest knows it, from a server's ({@code sha256}, {@code SHA-256}, {@code md5}). */
    static String digestName(String name) {
        String n = name.toUpperCase(Locale.ROOT).replace("-", "");
        return n.startsWith("SHA") ? "SHA-" + n.substring(3) : n;
    }

    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }
}
