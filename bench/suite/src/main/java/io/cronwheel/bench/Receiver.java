package io.cronwheel.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

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
 * <p>What it records:
 * <ul>
 *   <li>receive drift (receive time - scheduled time) in an HdrHistogram {@link Recorder}, in microseconds: one
 *       cumulative histogram for the measurement window and one interval histogram per wall-clock second;
 *   <li>receipts per wall-clock second (the per-second series, kept for the last two hours);
 *   <li>for the measurement window, one bit per (job, scheduled second): a bit seen set twice is a duplicate, a bit
 *       never set is a missing fire. Memory is {@code jobs x maxSeconds / 8} bytes (10,000 jobs x 3,600 s = 4.5 MB).
 * </ul>
 *
 * <p>Endpoints: {@code GET /stats} (JSON; {@code ?from=&to=} epoch seconds bound the missing-fire count, {@code
 * ?jobs=N} says how many jobs (indexes 0..N-1) are expected, {@code ?series=false} drops the per-second series,
 * {@code ?light=true} answers counters only), {@code POST /reset} (starts a new window; optional JSON body {@code
 * {"startSecond": s, "endSecond": e, "maxSeconds": n, "maxJobs": n, "jobs": n, "amoIndexes": [..]}}: fires
 * scheduled in [startSecond, endSecond) are measured, later ones only counted), {@code GET /health}. On exit (SIGTERM) it writes {@code
 * receiver-stats.json} and {@code receiver-series.csv} to the {@code --out} directory.
 */
public final class Receiver {
  static final String SCHEDULED_AT = "X-Cronwheel-Scheduled-At";
  static final String JOB_ID = "X-Cronwheel-Job-Id";
  static final String ATTEMPT = "X-Cronwheel-Attempt";
  static final int KIND_UNKNOWN = 0;
  static final int KIND_ALO = 1;
  static final int KIND_AMO = 2;
  private static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);
  private static final int SERIES_CAPACITY = 7200;
  private static final int DEFAULT_MAX_SECONDS = 3600;
  private static final int DEFAULT_MAX_JOBS = 1 << 20;
  private static final int MAX_SAMPLES = 20;
  private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

  private final LongAdder lifetimeReceipts = new LongAdder();
  private final LongAdder malformed = new LongAdder();
  private final Recorder secondDrift = new Recorder(HIGHEST_MICROS, 3);
  private final ArrayDeque<long[]> series = new ArrayDeque<>();
  private final ConcurrentHashMap<String, Integer> headerJobIndex = new ConcurrentHashMap<>();
  private final AtomicInteger nextHeaderJobIndex = new AtomicInteger();
  private volatile Window window;
  private volatile boolean running = true;
  private Histogram secondScratch;

  Receiver() {
    window = new Window(Instant.now().getEpochSecond(), Long.MAX_VALUE, DEFAULT_MAX_SECONDS, DEFAULT_MAX_JOBS);
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
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops).setWorkerPoolSize(1)
        .setInternalBlockingPoolSize(1));
    HttpServerOptions options = new HttpServerOptions().setHost(host).setPort(port).setTcpNoDelay(true)
        .setAcceptBacklog(8192).setReuseAddress(true).setCompressionSupported(false);
    try {
      vertx.deployVerticle(() -> new VerticleBase() {
        @Override
        public Future<?> start() {
          return vertx.createHttpServer(options).requestHandler(receiver::onRequest).listen();
        }
      }, new DeploymentOptions().setInstances(loops)).await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      System.err.println("Receiver: cannot listen on " + host + ":" + port + ": " + e.getMessage());
      System.exit(1);
      return;
    }
    Thread harvester = new Thread(receiver::harvestEverySecond, "receiver-harvester");
    harvester.setDaemon(true);
    harvester.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      receiver.running = false;
      try {
        receiver.writeFiles(out);
      } catch (Exception e) {
        System.err.println("Receiver: could not write results: " + e);
      }
      vertx.close();
    }, "receiver-shutdown"));
    System.out.println("receiver listening on " + host + ":" + port + " with " + loops + " event loop(s), out="
        + out.toAbsolutePath());
    System.out.flush();
  }

  // ---------------------------------------------------------------- request handling

  void onRequest(HttpServerRequest req) {
    String path = req.path();
    HttpMethod method = req.method();
    if (method == HttpMethod.GET && path.equals("/stats")) {
      JsonObject stats = stats(param(req, "from"), param(req, "to"), param(req, "jobs"),
          !"false".equals(req.getParam("series")), "true".equals(req.getParam("light")));
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
        long start = body.getLong("startSecond", Instant.now().getEpochSecond() + 1);
        long end = body.getLong("endSecond", Long.MAX_VALUE);
        int maxSeconds = body.getInteger("maxSeconds", DEFAULT_MAX_SECONDS);
        int maxJobs = body.getInteger("maxJobs", DEFAULT_MAX_JOBS);
        Window fresh = new Window(start, end, Math.max(1, maxSeconds), Math.max(1, maxJobs));
        // Optional: which job indexes to expect, and which of them are at-most-once, so that missing fires of jobs
        // never seen can still be attributed to a delivery type.
        int expectedJobs = Math.min(body.getInteger("jobs", 0), fresh.maxJobs);
        for (int i = 0; i < expectedJobs; i++) {
          fresh.kinds[i] = KIND_ALO;
        }
        JsonArray amo = body.getJsonArray("amoIndexes", new JsonArray());
        for (int i = 0; i < amo.size(); i++) {
          int index = amo.getInteger(i);
          if (index >= 0 && index < fresh.maxJobs) {
            fresh.kinds[index] = KIND_AMO;
          }
        }
        window = fresh;
        headerJobIndex.clear();
        nextHeaderJobIndex.set(0);
        req.response().putHeader("Content-Type", "application/json").end(new JsonObject()
            .put("startSecond", start).put("endSecond", end).put("maxSeconds", maxSeconds).put("maxJobs", maxJobs).encode());
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
    long scheduledMillis = parseIsoMillis(req.getHeader(SCHEDULED_AT));
    if (scheduledMillis == Long.MIN_VALUE) {
      malformed.increment();
      return;
    }
    long driftMicros = nowMicros - scheduledMillis * 1000;
    secondDrift.recordValue(clampMicros(driftMicros));
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

  private static long clampMicros(long micros) {
    return Math.min(Math.max(micros, 0), HIGHEST_MICROS);
  }

  /**
   * Parses {@code 2026-11-23T03:20:42.000Z} quickly; other ISO-8601 instants through {@link Instant#parse}.
   *
   * @return epoch milliseconds, or {@link Long#MIN_VALUE} if absent or unparseable
   */
  static long parseIsoMillis(String s) {
    if (s == null) {
      return Long.MIN_VALUE;
    }
    if (s.length() == 24 && s.charAt(4) == '-' && s.charAt(7) == '-' && s.charAt(10) == 'T' && s.charAt(13) == ':'
        && s.charAt(16) == ':' && s.charAt(19) == '.' && s.charAt(23) == 'Z') {
      int year = digits(s, 0, 4);
      int month = digits(s, 5, 2);
      int day = digits(s, 8, 2);
      int hour = digits(s, 11, 2);
      int minute = digits(s, 14, 2);
      int second = digits(s, 17, 2);
      int millis = digits(s, 20, 3);
      if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour >= 0 && hour < 24 && minute >= 0
          && minute < 60 && second >= 0 && second < 61 && millis >= 0) {
        long days = daysFromCivil(year, month, day);
        return (((days * 24 + hour) * 60 + minute) * 60 + second) * 1000 + millis;
      }
    }
    try {
      return Instant.parse(s).toEpochMilli();
    } catch (RuntimeException e) {
      return Long.MIN_VALUE;
    }
  }

  private static int digits(String s, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
  static long daysFromCivil(long year, int month, int day) {
    year -= month <= 2 ? 1 : 0;
    long era = (year >= 0 ? year : year - 399) / 400;
    long yoe = year - era * 400;
    long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
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
      harvestSecond(next / 1000 - 1);
    }
  }

  /** Closes the interval of wall-clock second {@code second}: its receipts and drift quantiles. */
  private synchronized void harvestSecond(long second) {
    secondScratch = secondDrift.getIntervalHistogram(secondScratch);
    Histogram h = secondScratch;
    long n = h.getTotalCount();
    long[] row = {second, n, q(h, 50), q(h, 90), q(h, 99), q(h, 99.9), n == 0 ? 0 : h.getMaxValue()};
    series.addLast(row);
    while (series.size() > SERIES_CAPACITY) {
      series.removeFirst();
    }
    window.harvest();
  }

  private static long q(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile);
  }

  private synchronized List<long[]> seriesCopy() {
    return new ArrayList<>(series);
  }

  // ---------------------------------------------------------------- stats

  JsonObject stats(Long from, Long to, Long jobs, boolean withSeries, boolean light) {
    Window w = window;
    long nowMillis = System.currentTimeMillis();
    JsonObject json = new JsonObject().put("nowMillis", nowMillis)
        .put("lifetime", new JsonObject().put("receipts", lifetimeReceipts.sum()).put("malformed", malformed.sum()));
    JsonObject win = new JsonObject()
        .put("startSecond", w.startSecond)
        .put("maxSeconds", w.maxSeconds)
        .put("maxJobs", w.maxJobs)
        .put("receipts", w.receipts.sum())
        .put("receiptsAlo", w.alo.sum())
        .put("receiptsAmo", w.amo.sum())
        .put("retries", w.retries.sum())
        .put("preWindow", w.preWindow.sum())
        .put("postWindow", w.postWindow.sum())
        .put("endSecond", w.endSecond == Long.MAX_VALUE ? null : w.endSecond)
        .put("outOfRange", w.outOfRange.sum())
        .put("duplicates", new JsonObject().put("total", w.dupTotal.sum()).put("alo", w.dupAlo.sum())
            .put("amo", w.dupAmo.sum()).put("samples", samples(w.dupSamples)));
    json.put("window", win);
    if (light) {
      return json;
    }
    win.put("driftMs", w.driftJson());
    long fromSecond = from != null ? from : w.startSecond;
    long toSecond = to != null ? to : nowMillis / 1000 - 1;
    int jobCount = jobs != null ? (int) Math.min(jobs, w.maxJobs) : w.highestJob.get() + 1;
    win.put("distinct", w.distinct(fromSecond, toSecond, jobCount));
    if (withSeries) {
      JsonArray rows = new JsonArray();
      for (long[] row : seriesCopy()) {
        rows.add(new JsonArray().add(row[0]).add(row[1]).add(ms(row[2])).add(ms(row[3])).add(ms(row[4]))
            .add(ms(row[5])).add(ms(row[6])));
      }
      json.put("seriesColumns", new JsonArray(List.of("second", "receipts", "p50Ms", "p90Ms", "p99Ms", "p999Ms",
          "maxMs")));
      json.put("series", rows);
    }
    return json;
  }

  static double ms(long micros) {
    return Math.round(micros / 10.0) / 100.0;
  }

  private static JsonArray samples(ConcurrentLinkedQueue<long[]> queue) {
    JsonArray array = new JsonArray();
    for (long[] s : queue) {
      array.add(new JsonObject().put("job", s[0]).put("second", s[1]).put("kind", kindName((int) s[2])));
    }
    return array;
  }

  static String kindName(int kind) {
    return kind == KIND_AMO ? "AT_MOST_ONCE" : kind == KIND_ALO ? "AT_LEAST_ONCE" : "unknown";
  }

  private void writeFiles(Path out) throws IOException {
    JsonObject stats = stats(null, null, null, true, false);
    Files.writeString(out.resolve("receiver-stats.json"), stats.encodePrettily(), StandardCharsets.UTF_8);
    StringBuilder csv = new StringBuilder("second,receipts,p50_ms,p90_ms,p99_ms,p999_ms,max_ms\n");
    for (long[] row : seriesCopy()) {
      csv.append(row[0]).append(',').append(row[1]);
      for (int i = 2; i < 7; i++) {
        csv.append(',').append(ms(row[i]));
      }
      csv.append('\n');
    }
    Files.writeString(out.resolve("receiver-series.csv"), csv, StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------- the measurement window

  /** Everything measured since the last reset, for fires scheduled at or after {@link #startSecond}. */
  static final class Window {
    final long startSecond;
    /** Fires scheduled at or after this second are only counted ({@link #postWindow}). */
    final long endSecond;
    final int maxSeconds;
    final int maxJobs;
    final int words;
    final AtomicReferenceArray<long[]> seen;
    final byte[] kinds;
    final AtomicInteger highestJob = new AtomicInteger(-1);
    final LongAdder receipts = new LongAdder();
    final LongAdder alo = new LongAdder();
    final LongAdder amo = new LongAdder();
    final LongAdder retries = new LongAdder();
    final LongAdder preWindow = new LongAdder();
    final LongAdder postWindow = new LongAdder();
    final LongAdder outOfRange = new LongAdder();
    final LongAdder dupTotal = new LongAdder();
    final LongAdder dupAlo = new LongAdder();
    final LongAdder dupAmo = new LongAdder();
    final LongAdder early = new LongAdder();
    final ConcurrentLinkedQueue<long[]> dupSamples = new ConcurrentLinkedQueue<>();
    final AtomicInteger dupSampleCount = new AtomicInteger();
    final Recorder drift = new Recorder(HIGHEST_MICROS, 3);
    private final Histogram cumulative = new Histogram(HIGHEST_MICROS, 3);
    private Histogram scratch;

    Window(long startSecond, long endSecond, int maxSeconds, int maxJobs) {
      this.startSecond = startSecond;
      this.endSecond = endSecond;
      this.maxSeconds = maxSeconds;
      this.maxJobs = maxJobs;
      this.words = (maxSeconds + 63) >>> 6;
      this.seen = new AtomicReferenceArray<>(maxJobs);
      this.kinds = new byte[maxJobs];
    }

    void record(int job, int kind, long second, long driftMicros, boolean retry) {
      if (second < startSecond) {
        preWindow.increment();
        return;
      }
      if (second >= endSecond) {
        postWindow.increment();
        return;
      }
      receipts.increment();
      (kind == KIND_AMO ? amo : alo).increment();
      if (retry) {
        retries.increment();
      }
      if (driftMicros < 0) {
        early.increment();
      }
      drift.recordValue(clampMicros(driftMicros));
      long rel = second - startSecond;
      if (job >= maxJobs || rel >= maxSeconds) {
        outOfRange.increment();
        return;
      }
      long[] bits = seen.get(job);
      if (bits == null) {
        long[] fresh = new long[words];
        bits = seen.compareAndSet(job, null, fresh) ? fresh : seen.get(job);
        if (kind != KIND_UNKNOWN) {
          kinds[job] = (byte) kind;
        }
        int highest;
        while (job > (highest = highestJob.get()) && !highestJob.compareAndSet(highest, job)) {
          Thread.onSpinWait();
        }
      }
      long mask = 1L << (rel & 63);
      long previous = (long) LONGS.getAndBitwiseOr(bits, (int) (rel >>> 6), mask);
      if ((previous & mask) != 0) {
        dupTotal.increment();
        (kind == KIND_AMO ? dupAmo : dupAlo).increment();
        if (dupSampleCount.getAndIncrement() < MAX_SAMPLES) {
          dupSamples.add(new long[] {job, second, kind});
        }
      }
    }

    synchronized void harvest() {
      scratch = drift.getIntervalHistogram(scratch);
      cumulative.add(scratch);
    }

    synchronized JsonObject driftJson() {
      harvest();
      Histogram h = cumulative;
      long n = h.getTotalCount();
      return new JsonObject().put("count", n).put("p50", ms(q(h, 50))).put("p90", ms(q(h, 90)))
          .put("p99", ms(q(h, 99))).put("p999", ms(q(h, 99.9))).put("max", ms(n == 0 ? 0 : h.getMaxValue()))
          .put("mean", n == 0 ? 0 : Math.round(h.getMean() / 10.0) / 100.0).put("early", early.sum());
    }

    /** Distinct (job, second) pairs seen for jobs 0..jobs-1 and scheduled seconds in [from, to). */
    JsonObject distinct(long from, long to, int jobs) {
      long fromRel = Math.max(0, from - startSecond);
      long toRel = Math.min(maxSeconds, Math.max(fromRel, to - startSecond));
      int span = (int) (toRel - fromRel);
      int[] perSecond = new int[span];
      long seenPairs = 0;
      long jobsNeverSeen = 0;
      long jobsWithMissing = 0;
      long missingAlo = 0;
      long missingAmo = 0;
      long missingUnknown = 0;
      JsonArray missingSamples = new JsonArray();
      for (int job = 0; job < jobs; job++) {
        long[] bits = seen.get(job);
        int seenHere = 0;
        if (bits != null) {
          for (int i = 0; i < span; i++) {
            long rel = fromRel + i;
            if ((bits[(int) (rel >>> 6)] & (1L << (rel & 63))) != 0) {
              perSecond[i]++;
              seenHere++;
            } else if (missingSamples.size() < MAX_SAMPLES) {
              missingSamples.add(new JsonObject().put("job", job).put("second", startSecond + rel));
            }
          }
        } else {
          jobsNeverSeen++;
          if (missingSamples.size() < MAX_SAMPLES && span > 0) {
            missingSamples.add(new JsonObject().put("job", job).put("second", startSecond + fromRel)
                .put("neverSeen", true));
          }
        }
        seenPairs += seenHere;
        int missingHere = span - seenHere;
        if (missingHere > 0) {
          jobsWithMissing++;
          int kind = kinds[job];
          if (kind == KIND_AMO) {
            missingAmo += missingHere;
          } else if (kind == KIND_ALO) {
            missingAlo += missingHere;
          } else {
            missingUnknown += missingHere;
          }
        }
      }
      JsonArray bySecond = new JsonArray();
      for (int count : perSecond) {
        bySecond.add(count);
      }
      long expected = (long) jobs * span;
      return new JsonObject().put("from", startSecond + fromRel).put("to", startSecond + toRel).put("jobs", jobs)
          .put("seconds", span).put("expected", expected).put("seen", seenPairs).put("missing", expected - seenPairs)
          .put("missingAlo", missingAlo).put("missingAmo", missingAmo).put("missingUnknownKind", missingUnknown)
          .put("jobsNeverSeen", jobsNeverSeen).put("jobsWithMissing", jobsWithMissing)
          .put("missingSamples", missingSamples).put("seenBySecond", bySecond);
    }
  }
}
