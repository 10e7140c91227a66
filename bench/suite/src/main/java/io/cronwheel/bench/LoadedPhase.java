package io.cronwheel.bench;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The engine with every job loaded: a window of scheduled seconds [t0, t1) in which both receivers count fires, and,
 * a few seconds into it, the API requests (GET a job, list a page, create, patch), one kind after the other.
 *
 * <p>The API requests leave the window's expected fires alone: created and patched jobs fire daily at a time twelve
 * hours away from the window, and only daily jobs whose own time is at least an hour away from it are patched.
 */
final class LoadedPhase {
    private static final int API_START_DELAY_SECONDS = 5;
    private static final int DRAIN_SECONDS = 5;
    private static final int PATCH_MARGIN_SECONDS = 3600;

    private final ScaleSettings settings;
    private final Http http;
    private final ScaleResult result;
    private final BulkJobs bulk;
    private final Child engine;
    private final DriverLog log;

    LoadedPhase(ScaleSettings settings, Http http, ScaleResult result, BulkJobs bulk, Child engine, DriverLog log) {
        this.settings = settings;
        this.http = http;
        this.result = result;
        this.bulk = bulk;
        this.engine = engine;
        this.log = log;
    }

    /**
     * @param sample random (id, name) pairs of registered jobs, four times the API requests per kind: for GET, for
     *     the list cursors, and twice as many candidates for PATCH (only daily jobs far from the window qualify)
     */
    void run(List<String[]> sample) throws Exception {
        long t0 = System.currentTimeMillis() / 1000 + 3;
        long t1 = t0 + settings.load().durationSeconds();
        result.t0 = t0;
        result.t1 = t1;
        int window = settings.load().durationSeconds() + 60;
        http.postJson(
                settings.load().receiverPort(),
                "/reset",
                new JsonObject()
                        .put("startSecond", t0)
                        .put("endSecond", t1)
                        .put("maxSeconds", window)
                        .put("maxJobs", settings.mix().everySecond())
                        .put("jobs", settings.mix().everySecond()));
        http.postJson(
                settings.load().backgroundPort(),
                "/reset",
                new JsonObject().put("startSecond", t0).put("endSecond", t1).put("maxSeconds", window));
        log.log("measuring fires scheduled in [" + t0 + ", " + t1 + "); API requests from t0 + "
                + API_START_DELAY_SECONDS + " s");
        sleepUntil((t0 + API_START_DELAY_SECONDS) * 1000);
        result.apiStartMillis = System.currentTimeMillis();
        measureApi(sample, t0, t1);
        result.apiEndMillis = System.currentTimeMillis();
        log.log(String.format(
                "API requests done in %.1f s; waiting for the end of the window",
                (result.apiEndMillis - result.apiStartMillis) / 1000.0));
        sleepUntil((t1 + DRAIN_SECONDS) * 1000);
        collectReceiverStats(t0, t1);
    }

    private void measureApi(List<String[]> sample, long t0, long t1) throws Exception {
        int n = settings.load().api().requests();
        ApiLoad load = new ApiLoad(http, settings.load().api().concurrency(), Math.max(120, n / 5));
        int port = settings.engine().port();
        List<String[]> gets = sample.subList(0, Math.min(n, sample.size()));
        List<String[]> cursors = sample.subList(Math.min(n, sample.size()), Math.min(2 * n, sample.size()));
        List<String> patchable = patchable(sample.subList(Math.min(2 * n, sample.size()), sample.size()), t0, t1, n);
        int farSecondOfDay = (int) Math.floorMod(t0 + JobMix.SECONDS_PER_DAY / 2, (long) JobMix.SECONDS_PER_DAY);
        String farSchedule = JobMix.dailyAt(farSecondOfDay);
        String tag = Long.toString(System.currentTimeMillis(), 36);

        add(load.measure(
                "GET /api/v1/jobs/{id}",
                gets.size(),
                200,
                i -> http.request(HttpMethod.GET, port, "/api/v1/jobs/" + gets.get(i)[0], null, 30_000)));
        add(load.measure(
                "GET /api/v1/jobs?limit=" + settings.load().api().listLimit() + "&cursor=",
                cursors.size(),
                200,
                i -> http.request(
                        HttpMethod.GET,
                        port,
                        "/api/v1/jobs?limit=" + settings.load().api().listLimit() + "&cursor="
                                + cursor(cursors.get(i)[0]),
                        null,
                        30_000)));
        add(load.measure(
                "POST /api/v1/jobs",
                n,
                201,
                i -> http.request(
                        HttpMethod.POST,
                        port,
                        "/api/v1/jobs",
                        BulkJobs.jobRequest(
                                "scale-api-" + tag + "-" + i, farSchedule, bulk.backgroundUrl("daily") + "api-" + i),
                        30_000)));
        result.apiJobsCreated = n - result.api.get(result.api.size() - 1).errors();
        add(load.measure(
                "PATCH /api/v1/jobs/{id}",
                patchable.size(),
                200,
                i -> http.client
                        .request(HttpMethod.PATCH, port, Http.HOST, "/api/v1/jobs/" + patchable.get(i))
                        .timeout(30_000)
                        .putHeader("If-Match", "\"1\"")
                        .sendJsonObject(new JsonObject().put("schedule", farSchedule))));
    }

    private void add(ApiLoad.Result r) {
        result.api.add(r);
        log.log(String.format(
                "%s: %,d requests, %d errors, p50 %.1f ms, p99 %.1f ms, max %.1f ms, %.0f/s%s",
                r.name(),
                r.requests(),
                r.errors(),
                r.percentileMs(50),
                r.percentileMs(99),
                r.maxMs(),
                r.perSecond(),
                r.firstError() == null ? "" : "; first error: " + r.firstError()));
    }

    /** Ids of at most {@code limit} sampled daily jobs whose time of day is far from the window. */
    private List<String> patchable(List<String[]> candidates, long t0, long t1, int limit) {
        List<String> ids = new ArrayList<>();
        for (String[] job : candidates) {
            if (ids.size() == limit || !job[1].startsWith(BulkJobs.DAY_PREFIX)) {
                continue;
            }
            int index = Integer.parseInt(job[1].substring(BulkJobs.DAY_PREFIX.length()));
            if (JobMix.farFrom(settings.mix().dailySecondOfDay(index), t0, t1, PATCH_MARGIN_SECONDS)) {
                ids.add(job[0]);
            }
        }
        return ids;
    }

    /** The API's cursor for "the page after this id". */
    private static String cursor(String id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id.getBytes(StandardCharsets.UTF_8));
    }

    private void collectReceiverStats(long t0, long t1) throws Exception {
        JsonObject stats = http.getJson(
                settings.load().receiverPort(),
                "/stats?from=" + t0 + "&to=" + t1 + "&jobs=" + settings.mix().everySecond(),
                60_000);
        Files.writeString(result.dir.resolve("receiver-stats.json"), stats.encodePrettily());
        ReceiverAnalysis.windowFires(stats, result);
        JsonArray series = stats.getJsonArray("series", new JsonArray());
        for (int i = 0; i < series.size(); i++) {
            JsonArray row = series.getJsonArray(i);
            double[] values = new double[row.size()];
            for (int k = 0; k < row.size(); k++) {
                values[k] = row.getDouble(k);
            }
            result.driftSeriesMs.add(values);
        }

        JsonObject background = http.getJson(
                settings.load().backgroundPort(), "/stats?from=" + t0 + "&to=" + t1 + "&series=false", 60_000);
        Files.writeString(result.dir.resolve("background-receiver-stats.json"), background.encodePrettily());
        JsonObject bgWindow = background.getJsonObject("window");
        result.backgroundExpected = settings.mix().backgroundFiresBetween(t0, t1);
        result.backgroundSeen = bgWindow.getJsonObject("distinct").getLong("seen");
        result.backgroundDuplicates = bgWindow.getJsonObject("duplicates").getLong("total");
        JsonObject bgDrift = bgWindow.getJsonObject("driftMs");
        result.backgroundP50 = bgDrift.getDouble("p50");
        result.backgroundP99 = bgDrift.getDouble("p99");
        result.backgroundMax = bgDrift.getDouble("max");
        log.log(String.format(
                "every-second jobs: %,d of %,d fires, %,d missed, %,d duplicates, drift p50 %.1f / "
                        + "p99 %.1f / max %.1f ms; minutely and daily jobs: %,d of %,d fires, drift p99 %.1f ms",
                result.seen,
                result.expected,
                result.missed,
                result.duplicates,
                result.recvP50,
                result.recvP99,
                result.recvMax,
                result.backgroundSeen,
                result.backgroundExpected,
                result.backgroundP99));
    }

    private void sleepUntil(long epochMillis) throws InterruptedException {
        while (System.currentTimeMillis() < epochMillis) {
            if (!engine.alive()) {
                throw new IllegalStateException("the engine died while loaded");
            }
            Thread.sleep(Math.min(500, Math.max(1, epochMillis - System.currentTimeMillis())));
        }
    }
}
