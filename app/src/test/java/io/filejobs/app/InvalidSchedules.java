package io.filejobs.app;

import java.util.List;

/** Schedule expressions EventBridge Scheduler refuses, and some it accepts. */
public final class InvalidSchedules {

    public static final List<String> ALL = List.of(
            "",
            "daily",
            "cron()",
            "cron(0 1 * * ?)",
            "cron(0 1 * * ? * *)",
            "cron(0 1 * * * *)",
            "cron(0 1 ? * ? *)",
            "cron(0  1 * * ? *)",
            "cron(60 1 * * ? *)",
            "cron(0 24 * * ? *)",
            "cron(0 1 0 * ? *)",
            "cron(0 1 32 * ? *)",
            "cron(0 1 * 13 ? *)",
            "cron(0 1 * FOO ? *)",
            "cron(0 1 ? * 8 *)",
            "cron(0 1 ? * FUN *)",
            "cron(0 1 * * ? 1969)",
            "cron(0 1 * * ? 2200)",
            "cron(0 1 5-2 * ? *)",
            "cron(0/0 1 * * ? *)",
            "cron(0/x 1 * * ? *)",
            "cron(0 1 1,,2 * ? *)",
            "cron(0 1 L,5 * ? *)",
            "cron(0 1 32W * ? *)",
            "cron(0 1 ? * 2#6 *)",
            "cron(0 1 ? * 2#0 *)",
            "cron(0 1 ? * 8L *)",
            "cron(0 ? * * ? *)",
            "cron(0 1 * * MON *)",
            "cron(a b c d e f)",
            "rate(0 minutes)",
            "rate(1 minutes)",
            "rate(5 minute)",
            "rate(5 weeks)",
            "rate(-5 minutes)",
            "rate(5minutes)",
            "rate(five minutes)",
            "rate( 5 minutes)",
            "at(2030-02-30T10:00:00)",
            "at(2030-01-01 10:00:00)",
            "at(2030-01-01T25:00:00)",
            "at(2030-01-01T10:00)",
            "at()",
            "CRON(0 1 * * ? *)");

    private InvalidSchedules() {
    }

    static List<String> valid() {
        return List.of(
                "cron(0 1 * * ? *)",
                "cron(0/15 * * * ? *)",
                "cron(*/10 8-17 ? * MON-FRI *)",
                "cron(15 10 L * ? *)",
                "cron(0 9 LW * ? *)",
                "cron(0 9 15W * ? *)",
                "cron(0 12 ? * 6L 2030-2035)",
                "cron(0 12 ? * FRI#3 *)",
                "cron(0 0 1,15 JAN,jul ? *)",
                "cron(5,35 14 ? * L *)",
                "rate(1 minute)",
                "rate(5 minutes)",
                "rate(1 hour)",
                "rate(12 hours)",
                "rate(1 day)",
                "rate(7 days)",
                "at(2030-01-31T23:00:00)");
    }
}
