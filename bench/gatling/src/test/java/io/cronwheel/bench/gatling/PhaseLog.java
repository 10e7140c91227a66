package io.cronwheel.bench.gatling;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The wall-clock window of each phase: from the first virtual user's start to the last one's end. Gatling's own
 * "mean requests/s" divides by the whole simulation's length, which understates every phase of a sequential
 * simulation; the report divides each phase's requests by its own window instead.
 */
final class PhaseLog {
    private final Map<String, long[]> windows = new LinkedHashMap<>();

    synchronized void userStarted(String phase) {
        long now = System.currentTimeMillis();
        long[] window = windows.computeIfAbsent(phase, p -> new long[] {now, now});
        window[0] = Math.min(window[0], now);
    }

    synchronized void userFinished(String phase) {
        long now = System.currentTimeMillis();
        long[] window = windows.computeIfAbsent(phase, p -> new long[] {now, now});
        window[1] = Math.max(window[1], now);
    }

    /** Writes {@code {"phases": {"create": {"startMs": .., "endMs": ..}, ..}, ...extra}}. */
    synchronized void write(Path file, Map<String, Object> extra) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        ObjectNode phases = root.putObject("phases");
        windows.forEach(
                (phase, w) -> phases.putObject(phase).put("startMs", w[0]).put("endMs", w[1]));
        extra.forEach((key, value) -> root.set(key, json.valueToTree(value)));
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
    }
}
