package io.cronwheel.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run's clock after registration: the warm-up, then the receiver's window of scheduled seconds [t0, t1) from
 * the next whole second on, the window itself, and the drain for late fires. Checks that both children are alive
 * while it waits and reports progress every 10 s.
 */
final class MeasurementWindow {
    private final Settings settings;
    private final Http http;
    private final RunResult result;
    private final Sampler sampler;
    private final DriverLog log;

    MeasurementWindow(Settings settings, Http http, RunResult result, Sampler sampler, DriverLog log) {
        this.settings = settings;
        this.http = http;
        this.result = result;
        this.sampler = sampler;
        this.log = log;
    }

    void run(ThroughputRun.Load load, List<Integer> amoIndexes, Child engine, Child receiver) throws Exception {
        sampler.phase("warmup");
        long t0 = (long) Math.ceil((System.currentTimeMillis() + load.warmupSeconds() * 1000L) / 1000.0);
        long t1 = t0 + load.durationSeconds();
        result.t0 = t0;
        result.t1 = t1;
        log.log("warm-up until " + Fmt.UTC_TIME.format(Instant.ofEpochSecond(t0)) + "; measuring [" + t0 + ", " + t1
                + ")");
        int drain = settings.workload().drainWaitSeconds();
        sleepUntil(t0 * 1000 - 700, "warm-up", engine, receiver);
        http.postJson(
                settings.receiver().port(),
                "/reset",
                new JsonObject()
                        .put("startSecond", t0)
                        .put("endSecond", t1)
                        .put("maxSeconds", load.durationSeconds() + drain + 120)
                        .put("jobs", load.jobs())
                        .put("amoIndexes", new JsonArray(List.copyOf(amoIndexes))));
        sleepUntil(t0 * 1000, "warm-up", engine, receiver);
        sampler.phase("measure");
        log.log("measuring for " + load.durationSeconds() + " s");
        Pg.Url db = settings.db().bench();
        Map<String, long[]> writesAtStart = Pg.tableWrites(db);
        sleepUntil(t1 * 1000, "measure", engine, receiver);
        result.tableWritesPerSecond = writesPerSecond(writesAtStart, Pg.tableWrites(db), load.durationSeconds());
        sampler.phase("drain");
        sleepUntil((t1 + drain) * 1000L, "drain", engine, receiver);
    }

    /** Sleeps until {@code epochMillis}, printing progress every 10 s and checking the children are alive. */
    private void sleepUntil(long epochMillis, String what, Child engine, Child receiver) throws InterruptedException {
        long lastReport = System.currentTimeMillis();
        while (true) {
            long now = System.currentTimeMillis();
            if (now >= epochMillis) {
                return;
            }
            engine.requireAlive();
            receiver.requireAlive();
            if (now - lastReport >= 10_000) {
                lastReport = now;
                log.log(String.format("%s, %d s left: %s", what, (epochMillis - now) / 1000, sampler.progress()));
            }
            Thread.sleep(Math.min(500, epochMillis - now));
        }
    }

    /** Per table, {inserts, updates, deletes} per second between two {@link Pg#tableWrites} readings. */
    static Map<String, double[]> writesPerSecond(Map<String, long[]> before, Map<String, long[]> after, int seconds) {
        Map<String, double[]> perSecond = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : after.entrySet()) {
            long[] start = before.getOrDefault(e.getKey(), new long[3]);
            double[] rates = new double[3];
            for (int i = 0; i < 3; i++) {
                rates[i] = (e.getValue()[i] - start[i]) / (double) seconds;
            }
            perSecond.put(e.getKey(), rates);
        }
        return perSecond;
    }
}
