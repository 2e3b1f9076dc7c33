package io.smartgrid.support;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** {@code --name value} command-line options, checked against the names a command knows. */
public final class Args {
    private final Map<String, String> values = new HashMap<>();

    private Args() {
    }

    public static Args parse(String[] args, int from, Set<String> known) {
        Args out = new Args();
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + a + "'");
            }
            String name = a.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                value = args[++i];
            } else {
                value = "true";
            }
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name + " (known: --" + String.join(", --", known) + ")");
            }
            out.values.put(name, value);
        }
        return out;
    }

    public String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    public String require(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("missing --" + name);
        }
        return v;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** An option that must be a whole number above zero, or the fallback when absent. */
    public int positiveInt(String name, int fallback) {
        long n = wholeNumber(name, fallback);
        if (n < 1 || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--" + name + ": '" + get(name, "") + "' is not a whole number from 1 to " + Integer.MAX_VALUE);
        }
        return (int) n;
    }

    /** An option that must be a whole number, or the fallback when absent. */
    public long wholeNumber(String name, long fallback) {
        String v = get(name, String.valueOf(fallback));
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + ": '" + v + "' is not a whole number");
        }
    }

    /** An option that must be a finite number above zero, or the fallback when absent. */
    public double positiveNumber(String name, double fallback) {
        String v = get(name, String.valueOf(fallback));
        double d;
        try {
            d = Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + ": '" + v + "' is not a number");
        }
        if (!(d > 0) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("--" + name + ": '" + v + "' is not a number above 0");
        }
        return d;
    }

    /** An option that must be a duration (10s, 5m, …) of at most 3650 days, above zero when {@code positive}. */
    public Duration duration(String name, String fallback, boolean positive) {
        return Durations.parseBounded("--" + name, get(name, fallback), positive);
    }

    /** An option that must not be empty. */
    public String nonEmpty(String name, String fallback) {
        String v = get(name, fallback);
        if (v.isBlank()) {
            throw new IllegalArgumentException("--" + name + ": must not be empty");
        }
        return v;
    }
}
