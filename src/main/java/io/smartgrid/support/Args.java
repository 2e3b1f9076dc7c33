package io.smartgrid.support;

import io.smartgrid.cli.CommandSpec;
import io.smartgrid.cli.Flag;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** {@code --name value} and {@code --name=value} command-line flags, checked against the command's declared ones. */
public final class Args {
    private final Map<String, String> values = new HashMap<>();

    private Args() {
    }

    /**
     * The flags from {@code args[from]} on, as {@code spec} declares them: an unknown flag, a positional argument, a
     * switch given a value, a value missing, a flag given twice or a required one left out is refused with one line
     * (an IllegalArgumentException that names it).
     */
    public static Args parse(String[] args, int from, CommandSpec spec) {
        Args out = new Args();
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("-")) {
                throw new IllegalArgumentException("unexpected argument '" + a + "': " + spec.name() + " takes "
                        + (spec.flags().isEmpty() ? "no arguments" : "flags only") + "; see " + spec.name() + " --help");
            }
            int eq = a.indexOf('=');
            String typed = eq >= 0 ? a.substring(0, eq) : a;
            Flag flag = typed.startsWith("--") ? spec.flag(typed.substring(2)).orElse(null) : null;
            if (flag == null) {
                throw new IllegalArgumentException(spec.unknownFlag(typed));
            }
            String value;
            if (!flag.takesValue()) {
                if (eq >= 0) {
                    throw new IllegalArgumentException(typed + " takes no value, got '" + a.substring(eq + 1) + "'");
                }
                value = "true";
            } else if (eq >= 0) {
                value = a.substring(eq + 1);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException(typed + " needs a value (" + flag.value() + ")");
            }
            if (out.values.put(flag.name(), value) != null) {
                throw new IllegalArgumentException(typed + " is given twice");
            }
        }
        for (Flag flag : spec.flags()) {
            if (flag.required() && !out.has(flag.name())) {
                throw new IllegalArgumentException("missing " + flag.synopsis() + "; see " + spec.name() + " --help");
            }
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
