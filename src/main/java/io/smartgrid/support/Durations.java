package io.smartgrid.support;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as operators write them: {@code 500ms}, {@code 10s}, {@code 5m}, {@code 24h}, {@code 7d}; a bare number is seconds. */
public final class Durations {
    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)?");

    private static final Duration MAX = Duration.ofDays(3650);

    private Durations() {
    }

    /** A duration that must be more than zero (a window, a timeout). */
    public static Duration parsePositive(String setting, String text) {
        Duration d = parse(setting, text);
        if (d.isZero()) {
            throw new IllegalArgumentException(setting + ": must be more than zero, got '" + text + "'");
        }
        return d;
    }

    /**
     * A duration of at most 3650 days (longer is a typo, and overflows the arithmetic of windows), above zero when
     * {@code positive}: a setting or a command's flag.
     */
    public static Duration parseBounded(String setting, String text, boolean positive) {
        if (text != null && text.trim().startsWith("-")) {
            throw new IllegalArgumentException(setting + ": '" + text + "' is negative");
        }
        Duration d = positive ? parsePositive(setting, text) : parse(setting, text);
        if (d.compareTo(MAX) > 0) {
            throw new IllegalArgumentException(setting + ": '" + text + "' is longer than 3650d");
        }
        return d;
    }

    public static Duration parse(String setting, String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(setting + ": '" + text + "' is not a duration (like 500ms, 10s, 5m, 24h)");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double ms = switch (unit) {
            case "ms" -> n;
            case "s" -> n * 1_000;
            case "m" -> n * 60_000;
            case "h" -> n * 3_600_000;
            default -> n * 86_400_000;
        };
        return Duration.ofMillis(Math.round(ms));
    }
}
