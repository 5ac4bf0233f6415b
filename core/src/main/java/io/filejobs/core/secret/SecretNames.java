package io.filejobs.core.secret;

import java.util.regex.Pattern;

/** What a secret's name in a job may be: 1 to 128 of the characters Secrets Manager allows in a name. */
public final class SecretNames {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9/_+=.@-]{1,128}");

    private SecretNames() {
    }

    public static boolean isWellFormed(String name) {
        return name != null && NAME.matcher(name).matches();
    }
}
