package io.cronwheel.bench;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The side-by-side comparison's report.md, peers.csv and peers.png (see {@link Compare}). */
final class CompareReport {
    static final double TARGET_RATIO = 3.0;

    private CompareReport() {}

    /**
     * Where a scheduler's ceiling lies on the sweep's grid: the highest level it sustained and the level it failed at
     * (its sweep stops there). Either may be null: never sustained, or never failed.
     */
    record Ceiling(SchedulerKind kind, Integer sustained, Integer failedAt) {
        static Ceiling of(SchedulerKind kind, List<RunResult> runs, double p99LimitMs) {
            Integer sustained = null;
            Integer failedAt = null;
            for (RunResult r : runs) {
                if (r.sustains(p99LimitMs)) {
                    sustained = sustained == null ? r.jobs : Math.max(sustained, r.jobs);
                } else {
                    failedAt = failedAt == null ? r.jobs : Math.min(failedAt, r.jobs);
                }
            }
            return new Ceiling(kind, sustained, failedAt);
        }

        String text() {
            if (sustained == null) {
                return failedAt == null
                        ? "not measured"
                        : "< " + Fmt.n(failedAt) + " fires/s (fails at its lowest " + "level)";
            }
            return failedAt == null
                    ? "≥ " + Fmt.n(sustained) + " fires/s (sustained every level it ran)"
                    : Fmt.n(sustained) + " fires/s (fails at " + Fmt.n(failedAt) + ")";
        }

        /** For ranking the peers: the sustained level, else just below the level it failed at. */
        double rank() {
            return sustained != null ? sustained : failedAt != null ? failedAt - 0.5 : -1;
        }
    }

    /** cronwheel's ceiling over a peer's, as far as the grid tells: {@code bound} is "", ">", "≥", "≤" or "?". */
    record Ratio(double value, String bound) {
        static Ratio of(Ceiling cronwheel, Ceiling peer) {
            if (cronwheel.sustained() == null || (peer.sustained() == null && peer.failedAt() == null)) {
                return new Ratio(Double.NaN, "?");
            }
            if (peer.sustained() == null) {
                return new Ratio((double) cronwheel.sustained() / peer.failedAt(), ">");
            }
            double value = (double) cronwheel.sustained() / peer.sustained();
            boolean cronwheelMayGoHigher = cronwheel.failedAt() == null;
            boolean peerMayGoHigher = peer.failedAt() == null;
            String bound = cronwheelMayGoHigher && peerMayGoHigher
                    ? "?"
                    : cronwheelMayGoHigher ? "≥" : peerMayGoHigher ? "≤" : "";
            return new Ratio(value, bound);
        }

        String text() {
            if (bound.equals("?")) {
                return Double.isNaN(value) ? "undetermined" : "undetermined (both sustained every level: sweep higher)";
            }
            return (bound.isEmpty() ? "" : bound + " ") + Fmt.d(value, 1) + "x";
        }

        /** Whether the ratio is at least {@code target}: true, false, or null when the grid cannot tell. */
        Boolean atLeast(double target) {
            return switch (bound) {
                case ">", "≥" -> value >= target ? Boolean.TRUE : null;
                case "≤" -> value < target ? Boolean.FALSE : null;
                case "" -> value >= target;
                default -> null;
            };
        }
    }

    static void write(
            Settings s,
            Path dir,
            Map<SchedulerKind, List<RunResult>> runs,
            List<Integer> levels,
            int warmup,
            int duration)
            throws IOException {
        StringBuilder md = new StringBuilder("# cronwheel side by side with Quartz and db-scheduler\n\n");
        List<Ceiling> ceilings = new ArrayList<>();
        runs.forEach(
                (kind, list) -> ceilings.add(Ceiling.of(kind, list, s.targets().ceilingP99Ms())));
        headline(md, ceilings, s);
        md.append(
                "Every level: N every-second jobs (N fires/s offered), all at-least-once, POSTing to the same receiver; "
                        + "a fresh database, receiver and scheduler process; " + warmup + " s warm-up, " + duration
                        + " s measured. Levels: " + levels + ". One run at a time; a "
                        + "scheduler's sweep stops after its first failing level. Each run's full report: `<scheduler>/jobs-N/"
                        + "report.md`.\n\n");
        md.append("## Command\n\n```\n" + s.launch().commandLine() + "\n```\n\nrun from `"
                + s.launch().workingDirectory() + "`\n\n");
        machine(md, runs);
        CompareTables.results(md, runs, s);
        md.append("\n![peers](peers.png)\n\nTop: achieved fires/s against offered, per scheduler, log scales (dashed: "
                + "achieved = offered; a run that delivered nothing in its window sits on the bottom edge). Bottom: "
                + "receive drift over each run's window, p99 (solid, dots) and p50 (dashed), log scale; the red line is the "
                + "ceiling criterion.\n\n");
        CompareTables.perFire(md, runs, s);
        CompareTables.settings(md, runs, s);
        CompareTables.fairness(md);
        Files.writeString(dir.resolve("report.md"), md.toString(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("peers.csv"), CompareTables.csv(runs, s), StandardCharsets.UTF_8);
        RunSummary.writeComparison(
                s,
                dir,
                ceilings,
                ratios(ceilings),
                runs.values().stream().flatMap(List::stream).toList());
        try {
            CompareChart.write(s, dir, runs);
        } catch (Exception | Error e) {
            System.err.println("comparison chart failed: " + e);
        }
    }

    private static void headline(StringBuilder md, List<Ceiling> ceilings, Settings s) {
        md.append("**Ceiling** = the highest N with 0 missed fires and receive p99 drift < "
                + Fmt.d(s.targets().ceilingP99Ms(), 0) + " ms.\n\n| Scheduler | Ceiling |\n|---|---|\n");
        Ceiling cronwheel = null;
        Ceiling bestPeer = null;
        for (Ceiling c : ceilings) {
            md.append("| " + c.kind().title() + " | " + c.text() + " |\n");
            if (c.kind() == SchedulerKind.CRONWHEEL) {
                cronwheel = c;
            } else if (bestPeer == null || c.rank() > bestPeer.rank()) {
                bestPeer = c;
            }
        }
        md.append('\n');
        if (cronwheel == null) {
            return;
        }
        for (Ceiling c : ceilings) {
            if (c.kind().isPeer()) {
                md.append("- cronwheel / " + c.kind().title() + ": **"
                        + Ratio.of(cronwheel, c).text() + "**\n");
            }
        }
        if (bestPeer != null) {
            Ratio best = Ratio.of(cronwheel, bestPeer);
            Boolean met = best.atLeast(TARGET_RATIO);
            md.append("- cronwheel / best peer (" + bestPeer.kind().title() + "): **" + best.text() + "**; target >= "
                    + Fmt.d(TARGET_RATIO, 0) + "x: **"
                    + (met == null ? "undetermined on this grid" : met ? "met" : "not met") + "**\n");
        }
        md.append('\n');
    }

    /** cronwheel's ratio to each peer and to the best one, as the headline gives them. */
    private static JsonObject ratios(List<Ceiling> ceilings) {
        JsonObject json = new JsonObject();
        Ceiling cronwheel = ceilings.stream()
                .filter(c -> c.kind() == SchedulerKind.CRONWHEEL)
                .findFirst()
                .orElse(null);
        Ceiling bestPeer = null;
        for (Ceiling c : ceilings) {
            if (cronwheel != null && c.kind().isPeer()) {
                Ratio ratio = Ratio.of(cronwheel, c);
                json.put(
                        c.kind().id,
                        new JsonObject()
                                .put("value", RunSummary.num(ratio.value()))
                                .put("bound", ratio.bound())
                                .put("text", ratio.text()));
                bestPeer = bestPeer == null || c.rank() > bestPeer.rank() ? c : bestPeer;
            }
        }
        if (bestPeer != null) {
            Boolean met = Ratio.of(cronwheel, bestPeer).atLeast(TARGET_RATIO);
            json.put("bestPeer", bestPeer.kind().id).put("target", TARGET_RATIO).put("targetMet", met);
        }
        return json;
    }

    private static void machine(StringBuilder md, Map<SchedulerKind, List<RunResult>> runs) {
        RunResult first =
                runs.values().stream().flatMap(List::stream).findFirst().orElse(null);
        if (first == null) {
            return;
        }
        md.append("## Machine\n\n| | |\n|---|---|\n| CPU | " + first.machine.cpu() + " |\n| Memory | "
                + Fmt.gib(first.machine.memTotalBytes()) + " |\n| Load average at the first run's start | "
                + first.machine.loadAverage() + " |\n| JDK | " + first.machine.jdk() + " |\n| PostgreSQL | "
                + first.postgresVersion + " |\n| PostgreSQL settings | " + first.postgresSettings + " |\n\n");
    }
}
