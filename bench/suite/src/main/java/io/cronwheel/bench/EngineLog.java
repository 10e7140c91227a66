package io.cronwheel.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** What a scale run takes from the engine's log: its own "loaded N job(s)" line, and its ERROR and WARN lines. */
final class EngineLog {
    private static final Pattern LOADED_LINE =
            Pattern.compile("^(\\S+) .*loaded (\\d+) scheduled job\\(s\\) in (\\d+) ms");

    private EngineLog() {}

    static void read(Path log, ScaleResult result) throws IOException {
        if (!Files.exists(log)) {
            return;
        }
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            lines.map(LOADED_LINE::matcher).filter(Matcher::find).findFirst().ifPresent(loaded -> {
                result.dbLoadedLogMillis = Instant.parse(loaded.group(1)).toEpochMilli();
                result.dbLoadReportedMillis = Long.parseLong(loaded.group(3));
            });
        }
        LogExcerpts excerpts = LogExcerpts.read(log);
        result.logErrors = excerpts.errors();
        result.logWarnings = excerpts.warnings();
        result.logSamples.addAll(excerpts.samples(10, 300));
    }
}
