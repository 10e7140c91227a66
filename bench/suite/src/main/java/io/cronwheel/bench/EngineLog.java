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
  private static final Pattern LOADED_LINE = Pattern.compile(
      "^(\\S+) .*loaded (\\d+) scheduled job\\(s\\) in (\\d+) ms");
  private static final int MAX_SAMPLES = 10;
  private static final int MAX_LINE = 300;

  private EngineLog() {}

  static void read(Path log, ScaleResult result) throws IOException {
    if (!Files.exists(log)) {
      return;
    }
    try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
      lines.forEach(line -> take(line, result));
    }
  }

  private static void take(String line, ScaleResult result) {
    Matcher loaded = LOADED_LINE.matcher(line);
    if (loaded.find() && result.dbLoadedLogMillis < 0) {
      result.dbLoadedLogMillis = Instant.parse(loaded.group(1)).toEpochMilli();
      result.dbLoadReportedMillis = Long.parseLong(loaded.group(3));
    }
    boolean error = line.contains(" ERROR ");
    if (!error && !line.contains(" WARN ")) {
      return;
    }
    if (error) {
      result.logErrors++;
    } else {
      result.logWarnings++;
    }
    if (result.logSamples.size() < MAX_SAMPLES) {
      result.logSamples.add(line.length() > MAX_LINE ? line.substring(0, MAX_LINE) + "..." : line);
    }
  }
}
