package io.cronwheel.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The heap of another JVM over time, from {@code jstat -gc <pid> <interval>}: the latest reading of used and
 * committed heap (survivors + eden + old). Works from the target's first moments, before it has an API, and costs the
 * target nothing (jstat reads its perfdata file). Until the target's JVM is attachable jstat fails; it is retried.
 */
final class HeapWatch implements AutoCloseable {
    /** One reading; {@code epochMillis} is when the line arrived. */
    record Reading(long epochMillis, double usedMib, double committedMib, long fullGcs) {}

    private final Path jstat;
    private final long pid;
    private final int intervalMillis;
    private volatile Reading latest;
    private volatile boolean closed;
    private volatile Process process;
    private Thread reader;

    HeapWatch(Path javaBin, long pid, int intervalMillis) {
        this.jstat = javaBin.resolveSibling("jstat");
        this.pid = pid;
        this.intervalMillis = intervalMillis;
    }

    void start() {
        reader = Daemons.start("heap-watch", this::run);
    }

    /** The latest reading, or null if none yet. */
    Reading latest() {
        return latest;
    }

    private void run() {
        while (!closed) {
            try {
                process = new ProcessBuilder(jstat.toString(), "-gc", Long.toString(pid), intervalMillis + "ms")
                        .redirectErrorStream(true)
                        .start();
                readLines(process);
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (IOException e) {
                return; // no jstat: the heap stays unknown
            } catch (InterruptedException e) {
                return;
            }
            sleep(200); // the target is not attachable yet, or it exited
        }
    }

    private void readLines(Process p) throws IOException {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            List<String> header = null;
            String line;
            while (!closed && (line = in.readLine()) != null) {
                List<String> fields = Arrays.asList(line.trim().split("\\s+"));
                if (fields.contains("EU")) {
                    header = fields;
                } else if (header != null && fields.size() == header.size()) {
                    latest = parse(header, fields);
                }
            }
        }
    }

    private static Reading parse(List<String> header, List<String> fields) {
        double usedKib = 0;
        double committedKib = 0;
        for (String column : List.of("S0U", "S1U", "EU", "OU")) {
            usedKib += value(header, fields, column);
        }
        for (String column : List.of("S0C", "S1C", "EC", "OC")) {
            committedKib += value(header, fields, column);
        }
        return new Reading(
                System.currentTimeMillis(), usedKib / 1024, committedKib / 1024, (long) value(header, fields, "FGC"));
    }

    private static double value(List<String> header, List<String> fields, String column) {
        int index = header.indexOf(column);
        if (index < 0) {
            return 0;
        }
        try {
            return Double.parseDouble(fields.get(index));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        Process p = process;
        if (p != null) {
            p.destroy();
        }
        if (reader != null) {
            reader.interrupt();
        }
    }
}
