package io.cronwheel.bench;

import static io.cronwheel.bench.RunSummary.count;
import static io.cronwheel.bench.RunSummary.num;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;

/** The summary.json of a scale run: both targets, start-up, heap, API latency and the fires of the window. */
final class ScaleSummary {
    private ScaleSummary() {}

    static void write(ScaleSettings s, ScaleResult r) throws IOException {
        JobMix mix = s.mix();
        JsonObject json = new JsonObject()
                .put("benchmark", "scale")
                .put("startedAt", r.startedAt)
                .put("completed", r.completed())
                .put("failure", r.failure)
                .put("jobs", mix.total())
                .put(
                        "mix",
                        new JsonObject()
                                .put("everySecond", mix.everySecond())
                                .put("minutely", mix.minutely())
                                .put("daily", mix.daily())
                                .put("dailyTimes", mix.dailyTimes()));
        json.put(
                "targets",
                new JsonObject()
                        .put(
                                "heap",
                                new JsonObject()
                                        .put("belowMib", s.targets().heapMib())
                                        .put("measuredMib", num(r.heapAfterGcMib))
                                        .put("pass", ScaleReport.heapPasses(s, r)))
                        .put(
                                "startup",
                                new JsonObject()
                                        .put("belowSeconds", s.targets().startupSeconds())
                                        .put("measuredSeconds", num(r.sinceStart(r.loadedAtMillis)))
                                        .put("pass", ScaleReport.startupPasses(s, r))));
        json.put(
                "startupSeconds",
                new JsonObject()
                        .put("databaseLoaded", num(r.sinceStart(r.dbLoadedLogMillis)))
                        .put("ready", num(r.sinceStart(r.readyAtMillis)))
                        .put("allScheduled", num(r.sinceStart(r.loadedAtMillis))));
        json.put(
                "heapAfterFullGcMib",
                new JsonObject()
                        .put("loaded", num(r.heapAfterGcMib))
                        .put("baseline", num(r.baselineHeapMib))
                        .put("end", num(r.heapAfterGcEndMib)));
        json.put("heapPerJobBytes", num((r.heapAfterGcMib - r.baselineHeapMib) * 1048576 / mix.total()));
        json.put(
                "rssMib",
                new JsonObject().put("afterFullGc", num(r.rssAfterGcMib)).put("end", num(r.rssEndMib)));
        JsonArray api = new JsonArray();
        for (ApiLoad.Result a : r.api) {
            api.add(new JsonObject()
                    .put("request", a.name())
                    .put("requests", a.requests())
                    .put("errors", a.errors())
                    .put("p50Ms", num(a.percentileMs(50)))
                    .put("p99Ms", num(a.percentileMs(99)))
                    .put("p999Ms", num(a.percentileMs(99.9)))
                    .put("maxMs", num(a.maxMs()))
                    .put("perSecond", num(a.perSecond())));
        }
        json.put("api", api);
        json.put(
                "everySecondFires",
                new JsonObject()
                        .put("expected", count(r.expected))
                        .put("received", count(r.seen))
                        .put("missed", count(r.missed))
                        .put("duplicates", count(r.duplicates))
                        .put(
                                "receiveDriftMs",
                                RunSummary.drift(r.recvP50, Double.NaN, r.recvP99, r.recvP999, r.recvMax)));
        json.put(
                "minutelyAndDailyFires",
                new JsonObject()
                        .put("expected", count(r.backgroundExpected))
                        .put("received", count(r.backgroundSeen))
                        .put("duplicates", count(r.backgroundDuplicates))
                        .put(
                                "receiveDriftMs",
                                new JsonObject()
                                        .put("p50", num(r.backgroundP50))
                                        .put("p99", num(r.backgroundP99))
                                        .put("max", num(r.backgroundMax))));
        json.put("engineLog", new JsonObject().put("errors", r.logErrors).put("warnings", r.logWarnings));
        json.put("machine", RunSummary.machine(r.machine, r.postgresVersion));
        RunSummary.write(r.dir, json);
    }
}
