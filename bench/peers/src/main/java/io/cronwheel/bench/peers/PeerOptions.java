package io.cronwheel.bench.peers;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What every peer process is told on its command line ({@code --key value} or {@code --key=value}), and the peer's
 * own tuning options ({@code --threads} ...). The database password, if any, comes from the environment variable
 * {@code BENCH_DB_PASSWORD} so that it never shows in a process list or a report.
 */
final class PeerOptions {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10); // the engine's default job timeout
    static final int DEFAULT_SCHEDULE_CHUNK = 1000;
    private static final Set<String> COMMON =
            Set.of("jdbc-url", "db-user", "jobs", "receiver-port", "port", "out", "timeout-ms", "schedule-chunk");
    private static final String[] REQUIRED = {"jdbc-url", "jobs", "receiver-port", "port"};

    private final Map<String, String> values;

    private PeerOptions(Map<String, String> values) {
        this.values = values;
    }

    static String usage(String main, Set<String> tuning) {
        return "usage: java -cp bench/target/cronwheel-bench-peers.jar " + main + " --jdbc-url URL --db-user USER "
                + "--jobs N --receiver-port P --port P [--out DIR] [--timeout-ms 10000] [--schedule-chunk 1000]"
                + (tuning.isEmpty() ? "" : " [--" + String.join(" V] [--", tuning) + " V]")
                + "\n(password, if any, in the environment variable BENCH_DB_PASSWORD)";
    }

    static PeerOptions parse(String[] argv, Set<String> tuning) {
        Set<String> known = new HashSet<>(COMMON);
        known.addAll(tuning);
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < argv.length; i++) {
            if (!argv[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + argv[i] + "' (options start with --)");
            }
            String key = argv[i].substring(2);
            int eq = key.indexOf('=');
            String value = eq >= 0 ? key.substring(eq + 1) : null;
            key = eq >= 0 ? key.substring(0, eq) : key;
            if (!known.contains(key)) {
                throw new IllegalArgumentException("unknown option --" + key);
            }
            if (value == null && i + 1 >= argv.length) {
                throw new IllegalArgumentException("option --" + key + " needs a value");
            }
            values.put(key, value != null ? value : argv[++i]);
        }
        for (String required : REQUIRED) {
            if (!values.containsKey(required)) {
                throw new IllegalArgumentException("--" + required + " is required");
            }
        }
        PeerOptions options = new PeerOptions(values);
        if (options.jobs() < 1) {
            throw new IllegalArgumentException("--jobs must be >= 1");
        }
        return options;
    }

    String jdbcUrl() {
        return values.get("jdbc-url");
    }

    String dbUser() {
        return string("db-user", "postgres");
    }

    String dbPassword() {
        return System.getenv("BENCH_DB_PASSWORD");
    }

    int jobs() {
        return integer("jobs", 0);
    }

    int receiverPort() {
        return integer("receiver-port", 9999);
    }

    int statusPort() {
        return integer("port", 8080);
    }

    Path outDir() {
        return Path.of(string("out", "."));
    }

    Duration timeout() {
        return Duration.ofMillis(integer("timeout-ms", (int) DEFAULT_TIMEOUT.toMillis()));
    }

    int scheduleChunk() {
        return Math.max(1, integer("schedule-chunk", DEFAULT_SCHEDULE_CHUNK));
    }

    /** A tuning option of the peer's own, or {@code fallback}. */
    String string(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    int integer(String key, int fallback) {
        String value = values.get(key);
        try {
            return value == null ? fallback : Integer.parseInt(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be an integer: " + value);
        }
    }

    double decimal(String key, double fallback) {
        String value = values.get(key);
        try {
            return value == null ? fallback : Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be a number: " + value);
        }
    }
}
