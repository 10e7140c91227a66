package io.cronwheel.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The side-by-side benchmark: cronwheel and its peers through the same sweep, one run at a time, each run with a
 * fresh database, receiver and scheduler process.
 *
 * <pre>
 * java -cp bench/target/cronwheel-bench.jar io.cronwheel.bench.Throughput --compare --sweep 500,1000,2000,5000,10000
 * </pre>
 *
 * <p>Levels go up; at each level every scheduler still in the race runs in turn, so a machine that gets busier over
 * time hurts them alike. A scheduler leaves the race after its first level that fails the ceiling criterion (0 missed,
 * receive p99 below {@code --ceiling-p99-ms}): it broke there, and higher levels only cost time. Writes {@code
 * report.md}, {@code peers.png} and {@code peers.csv} ({@link CompareReport}) after every run, so an interrupted
 * comparison still leaves a report; each run keeps its own directory {@code <scheduler>/jobs-N/}.
 */
final class Compare {
    private final Settings settings;
    private final Http http;
    private final List<SchedulerKind> schedulers;
    private final List<Integer> levels;
    private final int warmup;
    private final int duration;

    Compare(
            Settings settings,
            Http http,
            List<SchedulerKind> schedulers,
            List<Integer> levels,
            int warmup,
            int duration) {
        if (schedulers.isEmpty()) {
            throw new IllegalArgumentException("--schedulers names none");
        }
        this.settings = settings;
        this.http = http;
        this.schedulers = List.copyOf(new LinkedHashSet<>(schedulers));
        this.levels = levels.stream().distinct().sorted().toList();
        this.warmup = warmup;
        this.duration = duration;
    }

    /** Runs the comparison into {@code dir}; true if every run completed (whatever it measured). */
    boolean run(Path dir) throws Exception {
        Files.createDirectories(dir);
        Map<SchedulerKind, List<RunResult>> runs = new LinkedHashMap<>();
        schedulers.forEach(kind -> runs.put(kind, new ArrayList<>()));
        Set<SchedulerKind> racing = new LinkedHashSet<>(schedulers);
        boolean allCompleted = true;
        for (int jobs : levels) {
            for (SchedulerKind kind : schedulers) {
                if (!racing.contains(kind)) {
                    continue;
                }
                System.out.println("=== compare: " + kind.id + ", " + jobs + " jobs ===");
                Path runDir = dir.resolve(kind.id).resolve("jobs-" + jobs);
                RunResult r = new ThroughputRun(
                                settings, kind, http, new ThroughputRun.Load(jobs, warmup, duration), runDir)
                        .run();
                runs.get(kind).add(r);
                allCompleted &= r.completed();
                System.out.println(Throughput.summary(settings, r));
                if (!r.sustains(settings.targets().ceilingP99Ms())) {
                    racing.remove(kind);
                    System.out.println(
                            kind.id + " fails the ceiling criterion at " + jobs + " jobs: no higher levels for it");
                }
                CompareReport.write(settings, dir, runs, levels, warmup, duration);
            }
            if (racing.isEmpty()) {
                break;
            }
        }
        System.out.println("comparison report: " + dir.resolve("report.md"));
        return allCompleted;
    }
}
