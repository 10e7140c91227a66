package io.cronwheel.bench;

import java.nio.file.Files;

/**
 * The scheduler's {@code /metrics} (and the engine's {@code /health}) just before the stop, into metrics-final.txt,
 * health-final.json and the result: the engine's own drift since it started, and the counters the report lists.
 */
final class FinalMetrics {
    private FinalMetrics() {}

    static void capture(Http http, int port, SchedulerKind scheduler, RunResult result, DriverLog log) {
        try {
            String text = http.getText(port, "/metrics", 10_000);
            Files.writeString(result.dir.resolve("metrics-final.txt"), text);
            Prom m = Prom.parse(text);
            if (scheduler.isPeer()) {
                for (Prom.Sample s : m.startingWith("peer_")) {
                    result.finalMetrics.put(s.name(), s.value());
                }
                return;
            }
            result.metricsP50 = m.get("cronwheel_fire_drift_ms", "quantile", "0.5", "window", "total");
            result.metricsP99 = m.get("cronwheel_fire_drift_ms", "quantile", "0.99", "window", "total");
            result.metricsP999 = m.get("cronwheel_fire_drift_ms", "quantile", "0.999", "window", "total");
            result.metricsMax = m.get("cronwheel_fire_drift_max_ms");
            for (Prom.Sample s : m.startingWith("cronwheel_")) {
                if (s.name().contains("_bucket")
                        || s.name().startsWith("cronwheel_fire_drift_ms")
                        || s.name().startsWith("cronwheel_jobs_scheduled")
                        || s.name().startsWith("cronwheel_db_batch_seconds")) {
                    continue;
                }
                String key = s.name() + (s.labels().isEmpty() ? "" : s.labels().toString());
                result.finalMetrics.put(key, s.value());
            }
            Files.writeString(result.dir.resolve("health-final.json"), http.getText(port, "/health", 10_000));
        } catch (Exception e) {
            log.log("could not read the engine's final metrics: " + e.getMessage());
        }
    }
}
