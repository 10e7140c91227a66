package io.cronwheel.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Minimal command-line parsing: {@code --key value}, {@code --key=value}, repeatable keys and boolean flags.
 */
final class Args {
    private final Map<String, List<String>> values = new LinkedHashMap<>();
    private final Set<String> flags = new LinkedHashSet<>();
    private final Set<String> given = new LinkedHashSet<>();

    private Args() {}

    /**
     * @param flagNames options that take no value
     * @param known every accepted option (flags included); anything else is an error
     */
    static Args parse(String[] argv, Set<String> flagNames, Set<String> known) {
        Args args = new Args();
        for (int i = 0; i < argv.length; i++) {
            String arg = argv[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "' (options start with --)");
            }
            String key = arg.substring(2);
            String value = null;
            int eq = key.indexOf('=');
            if (eq >= 0) {
                value = key.substring(eq + 1);
                key = key.substring(0, eq);
            }
            if (!known.contains(key)) {
                throw new IllegalArgumentException("unknown option --" + key);
            }
            args.given.add(key);
            if (flagNames.contains(key)) {
                if (value == null || Boolean.parseBoolean(value)) {
                    args.flags.add(key);
                }
                continue;
            }
            if (value == null) {
                if (i + 1 >= argv.length) {
                    throw new IllegalArgumentException("option --" + key + " needs a value");
                }
                value = argv[++i];
            }
            args.values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return args;
    }

    boolean has(String key) {
        return given.contains(key);
    }

    boolean flag(String key) {
        return flags.contains(key);
    }

    String string(String key, String fallback) {
        List<String> list = values.get(key);
        return list == null || list.isEmpty() ? fallback : list.get(list.size() - 1);
    }

    /** A value split at whitespace, e.g. JVM options; empty if blank. */
    List<String> words(String key, String fallback) {
        String value = string(key, fallback);
        return value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
    }

    List<String> all(String key) {
        return values.getOrDefault(key, List.of());
    }

    int integer(String key, int fallback) {
        String value = string(key, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be an integer: " + value);
        }
    }

    double decimal(String key, double fallback) {
        String value = string(key, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be a number: " + value);
        }
    }
}
