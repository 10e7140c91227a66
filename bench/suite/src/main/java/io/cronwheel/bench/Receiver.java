package io.cronwheel.bench;

import static io.cronwheel.bench.ReceiveWindow.KIND_ALO;
import static io.cronwheel.bench.ReceiveWindow.KIND_AMO;
import static io.cronwheel.bench.ReceiveWindow.KIND_UNKNOWN;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The receiving end of the throughput benchmark: a small, fast Vert.x HTTP server that answers every fire with 200
 * and an empty body, and measures what arrives.
 *
 * <pre>
 * java -cp bench/target/cronwheel-bench.jar io.cronwheel.bench.Receiver --port 9999 --out DIR [--host 127.0.0.1]
 *      [--event-loops 1]
 * </pre>
 *
 * <p>Each fire is identified by its job and scheduled second ({@code X-Cronwheel-Scheduled-At}). The job's index and
 * delivery type come from the request path, {@code /alo/<index>} or {@code /amo/<index>} (the throughput driver
 * registers its jobs that way); a request on any other path is mapped through its {@code X-Cronwheel-Job-Id} header
 * to an index of its own (do not mix the two conventions in one window).
 *
 * <p>What it records: receive drift (receive time - scheduled time) in HdrHistograms, in microseconds, for the
 * measurement window ({@link ReceiveWindow}, which also keeps one bit per job and scheduled second, for missed and
 * duplicate fires) and per wall-clock second ({@link DriftSeries}, with the receipts of each second).
 *
 * <p>Endpoints: {@code GET /stats} (JSON; {@code ?from=&to=} epoch seconds bound the missing-fire count, {@code
 * ?jobs=N} says how many jobs (indexes 0..N-1) are expected, {@code ?series=false} drops the per-second series,
 * {@code ?light=true} answers counters only), {@code POST /reset} (starts a new window; optional JSON body {@code
 * {"startSecond": s, "endSecond": e, "maxSeconds": n, "maxJobs": n, "jobs": n, "amoIndexes": [..]}}: fires
 * scheduled in [startSecond, endSecond) are measured, later ones only counted), {@code GET /health}. On exit
 * (SIGTERM) it writes {@code
 * receiver-stats.json} and {@code receiver-series.csv} to the {@code --out} directory.
 *
 * <p>About 300 lines: its main and the handling of every request, from routing to the receipt's job index, stay
 * together so that the hot path of a fire reads in one place.
 */
public final class Receiver {
    static final String SCHEDULED_AT = "X-Cronwheel-Scheduled-At";
    static final String JOB_ID = "X-Cronwheel-Job-Id";
    static final String ATTEMPT = "X-Cronwheel-Attempt";

    private final LongAdder lifetimeReceipts = new LongAdder();
    private final LongAdder malformed = new LongAdder();
    private final DriftSeries series = new DriftSeries();
    private final ConcurrentHashMap<String, Integer> headerJobIndex = new ConcurrentHashMap<>();
    private final AtomicInteger nextHeaderJobIndex = new AtomicInteger();
    private volatile ReceiveWindow window;
    private volatile boolean running = true;

    Receiver() {
        window = ReceiveWindow.fromReset(
                new JsonObject().put("startSecond", Instant.now().getEpochSecond()));
    }

    public static void main(String[] argv) throws Exception {
        Args args;
        try {
            args = Args.parse(argv, Set.of(), Set.of("port", "host", "out", "event-loops"));
        } catch (IllegalArgumentException e) {
            System.err.println("Receiver: " + e.getMessage());
            System.err.println("usage: Receiver --port 9999 --out DIR [--host 127.0.0.1] [--event-loops 1]");
            System.exit(2);
            return;
        }
        int port = args.integer("port", 9999);
        String host = args.string("host", "127.0.0.1");
        int loops = Math.max(1, args.integer("event-loops", 1));
        Path out = Path.of(args.string("out", "."));
        Files.createDirectories(out);

        Receiver receiver = new Receiver();
        Vertx vertx = Vertx.vertx(new VertxOptions()
                .setEventLoopPoolSize(loops)
                .setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1));
        HttpServerOptions options = new HttpServerOptions()
                .setHost(host)
                .setPort(port)
                .setTcpNoDelay(true)
                .setAcceptBacklog(8192)
                .setReuseAddress(true)
                .setCompressionSupported(false);
        try {
            vertx.deployVerticle(
                            () -> new VerticleBase() {
                                @Override
                                public Future<?> start() {
                                    return vertx.createHttpServer(options)
                                            .requestHandler(receiver::onRequest)
                                            .listen();
                                }
                            },
                            new DeploymentOptions().setInstances(loops))
                    .await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("Receiver: cannot listen on " + host + ":" + port + ": " + e.getMessage());
            System.exit(1);
            return;
        }
        Thread harvester = new Thread(receiver::harvestEverySecond, "receiver-harvester");
        harvester.setDaemon(true);
        harvester.start();
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            receiver.running = false;
                            try {
                                receiver.writeFiles(out);
                            } catch (Exception e) {
                                System.err.println("Receiver: could not write results: " + e);
                            }
                            vertx.close();
                        },
                        "receiver-shutdown"));
        System.out.println("receiver listening on " + host + ":" + port + " with " + loops + " event loop(s), out="
                + out.toAbsolutePath());
        System.out.flush();
    }

    // ---------------------------------------------------------------- request handling

    void onRequest(HttpServerRequest req) {
        String path = req.path();
        HttpMethod method = req.method();
        if (method == HttpMethod.GET && path.equals("/stats")) {
            JsonObject stats = stats(
                    param(req, "from"),
                    param(req, "to"),
                    param(req, "jobs"),
                    !"false".equals(req.getParam("series")),
                    "true".equals(req.getParam("light")));
            req.response().putHeader("Content-Type", "application/json").end(stats.encode());
            return;
        }
        if (method == HttpMethod.POST && path.equals("/reset")) {
            req.body().onComplete(ar -> {
                JsonObject body = new JsonObject();
                if (ar.succeeded() && ar.result().length() > 0) {
                    try {
                        body = ar.result().toJsonObject();
                    } catch (RuntimeException e) {
                        req.response().setStatusCode(400).end("{\"error\":\"body must be a JSON object\"}");
                        return;
                    }
                }
                ReceiveWindow fresh = ReceiveWindow.fromReset(body);
                window = fresh;
                headerJobIndex.clear();
                nextHeaderJobIndex.set(0);
                req.response()
                        .putHeader("Content-Type", "application/json")
                        .end(new JsonObject()
                                .put("startSecond", fresh.startSecond)
                                .put("endSecond", fresh.endSecond)
                                .put("maxSeconds", fresh.maxSeconds)
                                .put("maxJobs", fresh.maxJobs)
                                .encode());
            });
            return;
        }
        if (method == HttpMethod.GET && path.equals("/health")) {
            req.response().end("{\"status\":\"UP\"}");
            return;
        }
        receipt(req, path, nowMicros());
        req.end().onComplete(v -> req.response().end());
    }

    private static Long param(HttpServerRequest req, String name) {
        String value = req.getParam(name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private void receipt(HttpServerRequest req, String path, long nowMicros) {
        lifetimeReceipts.increment();
        long scheduledMillis = IsoMillis.parse(req.getHeader(SCHEDULED_AT));
        if (scheduledMillis == Long.MIN_VALUE) {
            malformed.increment();
            return;
        }
        long driftMicros = nowMicros - scheduledMillis * 1000;
        series.record(driftMicros);
        int kind = kindOf(path);
        int job = kind == KIND_UNKNOWN ? -1 : indexOf(path);
        if (job < 0) {
            String id = req.getHeader(JOB_ID);
            if (id == null) {
                malformed.increment();
                return;
            }
            job = headerJobIndex.computeIfAbsent(id, k -> nextHeaderJobIndex.getAndIncrement());
        }
        String attempt = req.getHeader(ATTEMPT);
        boolean retry = attempt != null && !attempt.equals("1");
        window.record(job, kind, Math.floorDiv(scheduledMillis, 1000), driftMicros, retry);
    }

    static int kindOf(String path) {
        if (path.startsWith("/amo/")) {
            return KIND_AMO;
        }
        if (path.startsWith("/alo/")) {
            return KIND_ALO;
        }
        return KIND_UNKNOWN;
    }

    /** The decimal index after {@code /amo/} or {@code /alo/}, or -1. */
    static int indexOf(String path) {
        long value = 0;
        int i = 5;
        for (; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            value = value * 10 + (c - '0');
            if (value > Integer.MAX_VALUE) {
                return -1;
            }
        }
        return i == 5 ? -1 : (int) value;
    }

    private static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    // ---------------------------------------------------------------- per-second series

    private void harvestEverySecond() {
        while (running) {
            long now = System.currentTimeMillis();
            long next = (now / 1000 + 1) * 1000;
            try {
                Thread.sleep(Math.max(1, next - now));
            } catch (InterruptedException e) {
                return;
            }
            series.close(next / 1000 - 1);
            window.harvest();
        }
    }

    // ---------------------------------------------------------------- stats

    JsonObject stats(Long from, Long to, Long jobs, boolean withSeries, boolean light) {
        ReceiveWindow w = window;
        long nowMillis = System.currentTimeMillis();
        JsonObject json = new JsonObject()
                .put("nowMillis", nowMillis)
                .put(
                        "lifetime",
                        new JsonObject().put("receipts", lifetimeReceipts.sum()).put("malformed", malformed.sum()));
        JsonObject win = w.countersJson();
        json.put("window", win);
        if (light) {
            return json;
        }
        win.put("driftMs", w.driftJson());
        long fromSecond = from != null ? from : w.startSecond;
        long toSecond = to != null ? to : nowMillis / 1000 - 1;
        int jobCount = jobs != null ? (int) Math.min(jobs, w.maxJobs) : w.highestJob.get() + 1;
        win.put("distinct", DistinctFires.count(w, fromSecond, toSecond, jobCount));
        if (withSeries) {
            json.put("seriesColumns", new JsonArray(DriftSeries.COLUMNS));
            json.put("series", series.json());
        }
        return json;
    }

    private void writeFiles(Path out) throws IOException {
        JsonObject stats = stats(null, null, null, true, false);
        Files.writeString(out.resolve("receiver-stats.json"), stats.encodePrettily(), StandardCharsets.UTF_8);
        Files.writeString(out.resolve("receiver-series.csv"), series.csv(), StandardCharsets.UTF_8);
    }
}
