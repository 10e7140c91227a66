package io.cronwheel.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The ERROR and WARN lines of a process's log (the engine's or a peer's): how many of each, and the first few, for
 * the report.
 */
final class LogExcerpts {
    private static final int KEPT = 20;

    private long errors;
    private long warnings;
    private final List<String> firstErrors = new ArrayList<>();
    private final List<String> firstWarnings = new ArrayList<>();
    /** Errors and warnings in the order they came. */
    private final List<String> firstEither = new ArrayList<>();

    private LogExcerpts() {}

    /** Reads {@code log}; nothing if it does not exist. */
    static LogExcerpts read(Path log) throws IOException {
        LogExcerpts excerpts = new LogExcerpts();
        if (!Files.exists(log)) {
            return excerpts;
        }
        try (BufferedReader reader = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                excerpts.take(line);
            }
        }
        return excerpts;
    }

    private void take(String line) {
        if (line.contains(" ERROR ")) {
            errors++;
            keep(firstErrors, line);
        } else if (line.contains(" WARN ")) {
            warnings++;
            keep(firstWarnings, line);
        } else {
            return;
        }
        keep(firstEither, line);
    }

    private static void keep(List<String> lines, String line) {
        if (lines.size() < KEPT) {
            lines.add(line);
        }
    }

    long errors() {
        return errors;
    }

    long warnings() {
        return warnings;
    }

    /** The first {@code count} ERROR lines, each cut at {@code maxLength}. */
    List<String> errorSamples(int count, int maxLength) {
        return cut(firstErrors, count, maxLength);
    }

    List<String> warningSamples(int count, int maxLength) {
        return cut(firstWarnings, count, maxLength);
    }

    /** The first {@code count} ERROR or WARN lines, in their order. */
    List<String> samples(int count, int maxLength) {
        return cut(firstEither, count, maxLength);
    }

    private static List<String> cut(List<String> lines, int count, int maxLength) {
        return lines.stream().limit(count).map(l -> Fmt.truncate(l, maxLength)).toList();
    }
}
