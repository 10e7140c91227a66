package io.cronwheel.bench.gatling;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Turns one run of {@code bench/gatling/run.sh} into {@code report.md}, {@code api-load.png} and {@code
 * summary.json} in the run's folder. Reads Gatling's numbers from its HTML report ({@code js/stats.js}), the phase windows the
 * simulation wrote ({@code phases.json}), run.sh's CPU samples ({@code samples.txt}) and run facts
 * ({@code run-info.properties}).
 *
 * <p>Usage: {@code java -cp ... io.cronwheel.bench.gatling.ApiLoadReport <run dir> <gatling report dir>}
 */
public final class ApiLoadReport {
    /** The phase (and request name) of the simulation's warm-up: shown, but not a measurement. */
    static final String WARM_UP = "warm-up";

    private ApiLoadReport() {}

    /** A request kind with its phase and its rate over that phase's window. */
    record Kind(GatlingStats.RequestStats stats, String phase, double requestsPerSecond) {}

    /** A phase: window, requests of all its kinds, and the CPU it cost (null if not sampled). */
    record Phase(String name, SimulationRecord.Window window, long requests, ProcessSamples.Usage usage) {
        double requestsPerSecond() {
            return requests / window.seconds();
        }
    }

    /** Everything the report shows. */
    record Run(
            Properties info, SimulationRecord simulation, GatlingStats gatling, List<Kind> kinds, List<Phase> phases) {
        String info(String key) {
            return info.getProperty(key, "?");
        }

        List<Kind> measuredKinds() {
            return kinds.stream().filter(k -> !WARM_UP.equals(k.phase())).toList();
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: ApiLoadReport <run dir> <gatling report dir>");
            System.exit(2);
        }
        Path runDir = Path.of(args[0]);
        Run run = load(runDir, Path.of(args[1]));
        Files.writeString(runDir.resolve("report.md"), new ReportMarkdown(run).render(), StandardCharsets.UTF_8);
        ReportChart.write(run, runDir.resolve("api-load.png"));
        writeSummaryJson(run, runDir.resolve("summary.json"));
        for (Kind k : run.kinds()) {
            System.out.printf(
                    Locale.ROOT,
                    "%-28s %,8d requests %,5d failed %,9.1f req/s  p50 %s p95 %s p99 %s max %s ms%n",
                    k.stats().name(),
                    k.stats().count(),
                    k.stats().failed(),
                    k.requestsPerSecond(),
                    ms(k.stats().p50Ms()),
                    ms(k.stats().p95Ms()),
                    ms(k.stats().p99Ms()),
                    ms(k.stats().maxMs()));
        }
    }

    static Run load(Path runDir, Path gatlingDir) throws IOException {
        Properties info = new Properties();
        try (Reader in = Files.newBufferedReader(runDir.resolve("run-info.properties"), StandardCharsets.UTF_8)) {
            info.load(in);
        }
        SimulationRecord simulation = SimulationRecord.read(runDir.resolve("phases.json"));
        GatlingStats gatling = GatlingStats.read(gatlingDir);
        ProcessSamples samples = ProcessSamples.read(runDir.resolve("samples.txt"));
        List<Kind> kinds = new ArrayList<>();
        for (GatlingStats.RequestStats request : gatling.requests()) {
            String phase = simulation.phaseOf(request.name());
            double seconds =
                    phase == null ? Double.NaN : simulation.phases().get(phase).seconds();
            kinds.add(new Kind(request, phase, request.count() / seconds));
        }
        // Phase order (create, read, patch, list), then the kind's name: the plain kind before its variants.
        List<String> order = List.copyOf(simulation.phases().keySet());
        kinds.sort(Comparator.comparingInt((Kind k) -> k.phase() == null ? order.size() : order.indexOf(k.phase()))
                .thenComparing(k -> k.stats().name()));
        List<Phase> phases = new ArrayList<>();
        simulation.phases().forEach((name, window) -> {
            long requests = kinds.stream()
                    .filter(k -> name.equals(k.phase()))
                    .mapToLong(k -> k.stats().count())
                    .sum();
            phases.add(new Phase(name, window, requests, samples.usage(window)));
        });
        return new Run(info, simulation, gatling, kinds, phases);
    }

    private static void writeSummaryJson(Run run, Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("note", "latencies in ms from Gatling's js/stats.js; requestsPerSecond over the kind's phase window");
        ArrayNode requests = root.putArray("requests");
        for (Kind k : run.kinds()) {
            ObjectNode node = json.valueToTree(k.stats());
            node.put("phase", k.phase()).put("requestsPerSecond", round(k.requestsPerSecond()));
            requests.add(node);
        }
        ArrayNode phases = root.putArray("phases");
        for (Phase p : run.phases()) {
            ObjectNode node = phases.addObject()
                    .put("name", p.name())
                    .put("startMs", p.window().startMs())
                    .put("endMs", p.window().endMs())
                    .put("requests", p.requests())
                    .put("requestsPerSecond", round(p.requestsPerSecond()));
            if (p.usage() != null) {
                node.set("cpuPercentOfOneCore", json.valueToTree(p.usage()));
            }
        }
        root.set("settings", json.valueToTree(run.simulation().settings()));
        json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
    }

    private static double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 10) / 10.0 : v;
    }

    static String ms(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%,.0f", v) : "-";
    }
}
