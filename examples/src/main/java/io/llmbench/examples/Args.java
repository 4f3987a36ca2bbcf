package io.llmbench.examples;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The example programs' command-line options: {@code --name value} pairs, each name at most once.
 * Unknown names and malformed values are rejected with a message naming the option, the rule and
 * the value. Shared by the example programs and the service's {@code main}. Not thread-safe; the
 * {@code llmbench} tool has a full command line.
 */
public final class Args {
    private final Map<String, String> values;

    private Args(Map<String, String> values) {
        this.values = values;
    }

    /**
     * Parses {@code --name value} pairs.
     *
     * @param allowed the option names (without {@code --}) the program knows
     * @throws IllegalArgumentException on an unknown or repeated option, or one without a value
     */
    public static Args parse(String[] args, String... allowed) {
        Set<String> known = new TreeSet<>(List.of(allowed));
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || a.length() == 2) {
                throw new IllegalArgumentException("arguments must be --name value pairs, but found '" + a + "' at position " + (i + 1));
            }
            String name = a.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (!known.contains(name)) {
                throw new IllegalArgumentException("option must be one of " + known.stream().map(k -> "--" + k).toList()
                        + ", but was '--" + name + "'");
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option --" + name + " must have a value, but had none");
                }
                value = args[++i];
            }
            if (values.put(name, value) != null) {
                throw new IllegalArgumentException("option --" + name + " must be given at most once, but was repeated");
            }
        }
        return new Args(values);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public String string(String name, String defaultValue) {
        return values.getOrDefault(name, defaultValue);
    }

    public int integer(String name, int defaultValue, int min) {
        String v = values.get(name);
        if (v == null) {
            return defaultValue;
        }
        int n;
        try {
            n = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option --" + name + " must be an integer >= " + min + ", but was '" + v + "'");
        }
        if (n < min) {
            throw new IllegalArgumentException("option --" + name + " must be an integer >= " + min + ", but was " + n);
        }
        return n;
    }

    public double number(String name, double defaultValue, double minExclusive) {
        String v = values.get(name);
        if (v == null) {
            return defaultValue;
        }
        double d;
        try {
            d = Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            d = Double.NaN;
        }
        if (!(d > minExclusive) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("option --" + name + " must be a finite number > " + minExclusive + ", but was '" + v + "'");
        }
        return d;
    }

    /** A comma-separated list of integers, each at least {@code min}. */
    public int[] integers(String name, int[] defaultValues, int min) {
        String v = values.get(name);
        if (v == null) {
            return defaultValues.clone();
        }
        String[] parts = v.split(",", -1);
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("option --" + name + " must be comma-separated integers >= " + min
                        + ", but '" + parts[i] + "' in '" + v + "' is not an integer");
            }
            if (out[i] < min) {
                throw new IllegalArgumentException("option --" + name + " must be comma-separated integers >= " + min
                        + ", but contained " + out[i]);
            }
        }
        return out;
    }

    /** A comma-separated list of non-blank texts. */
    public List<String> strings(String name, List<String> defaultValues) {
        String v = values.get(name);
        if (v == null) {
            return defaultValues;
        }
        List<String> out = List.of(v.split(",", -1)).stream().map(String::trim).toList();
        for (String s : out) {
            if (s.isEmpty()) {
                throw new IllegalArgumentException("option --" + name + " must be comma-separated non-blank names, but was '" + v + "'");
            }
        }
        return out;
    }
}
