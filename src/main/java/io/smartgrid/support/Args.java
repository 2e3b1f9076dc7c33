package io.smartgrid.support;

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
    public static int positiveInt(Args a, String name, int fallback) {
        String v = a.get(name, String.valueOf(fallback));
        try {
            int n = Integer.parseInt(v);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--" + name + ": '" + v + "' is not a whole number above 0");
    }
}
