package io.cronwheel.bench.gatling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the simulation itself wrote at its end ({@code phases.json}): each phase's wall-clock window, its settings,
 * how many jobs it created (measured, and in the warm-up), and every walk through the listing with the item count
 * a complete walk must have.
 */
record SimulationRecord(
        Map<String, Window> phases,
        Map<String, String> settings,
        long createdJobs,
        long warmUpJobs,
        long bulkCreatedJobs,
        Map<String, Long> expectedListItems,
        List<Walk> walks) {

    /** A phase's window in epoch milliseconds. */
    record Window(long startMs, long endMs) {
        double seconds() {
            return (endMs - startMs) / 1000.0;
        }

        boolean contains(long epochMs) {
            return epochMs >= startMs && epochMs <= endMs;
        }
    }

    record Walk(String kind, String filter, int pages, long items, boolean complete) {}

    static SimulationRecord read(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        Map<String, Window> phases = new LinkedHashMap<>();
        root.path("phases")
                .fields()
                .forEachRemaining(e -> phases.put(
                        e.getKey(),
                        new Window(
                                e.getValue().path("startMs").asLong(),
                                e.getValue().path("endMs").asLong())));
        Map<String, String> settings = new LinkedHashMap<>();
        root.path("settings")
                .fields()
                .forEachRemaining(e -> settings.put(e.getKey(), e.getValue().asText()));
        Map<String, Long> expected = new LinkedHashMap<>();
        root.path("expectedListItems")
                .fields()
                .forEachRemaining(e -> expected.put(e.getKey(), e.getValue().asLong()));
        List<Walk> walks = new ArrayList<>();
        root.path("listWalks")
                .forEach(w -> walks.add(new Walk(
                        w.path("kind").asText(),
                        w.path("filter").asText(),
                        w.path("pages").asInt(),
                        w.path("items").asLong(),
                        w.path("complete").asBoolean())));
        return new SimulationRecord(
                phases,
                settings,
                root.path("createdJobs").asLong(),
                root.path("warmUpJobs").asLong(),
                root.path("bulkCreatedJobs").asLong(),
                expected,
                walks);
    }

    /** The phase a request name belongs to: its first word ("patch stale version (412)" is in "patch"). */
    String phaseOf(String requestName) {
        String first = requestName.split(" ", 2)[0];
        return phases.containsKey(first) ? first : null;
    }
}
