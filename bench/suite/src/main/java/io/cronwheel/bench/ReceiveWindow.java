package io.cronwheel.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Everything the receiver measured since its last {@code /reset}, for fires scheduled at or after {@link
 * #startSecond}: receipts, retries, drift, and one bit per (job, scheduled second), set twice for a duplicate and
 * never for a missed fire. Memory is {@code jobs x maxSeconds / 8} bytes (10,000 jobs x 3,600 s = 4.5 MB).
 */
final class ReceiveWindow {
    static final int KIND_UNKNOWN = 0;
    static final int KIND_ALO = 1;
    static final int KIND_AMO = 2;
    static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);
    static final int MAX_SAMPLES = 20;
    private static final int DEFAULT_MAX_SECONDS = 3600;
    private static final int DEFAULT_MAX_JOBS = 1 << 20;
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

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

    ReceiveWindow(long startSecond, long endSecond, int maxSeconds, int maxJobs) {
        this.startSecond = startSecond;
        this.endSecond = endSecond;
        this.maxSeconds = maxSeconds;
        this.maxJobs = maxJobs;
        this.words = (maxSeconds + 63) >>> 6;
        this.seen = new AtomicReferenceArray<>(maxJobs);
        this.kinds = new byte[maxJobs];
    }

    /**
     * A window as {@code POST /reset} describes it: {@code {"startSecond": s, "endSecond": e, "maxSeconds": n,
     * "maxJobs": n, "jobs": n, "amoIndexes": [..]}}, every field optional. {@code jobs} and {@code amoIndexes} say
     * which job indexes to expect and which of them are at-most-once, so that the missed fires of a job never seen
     * can still be given a delivery type.
     */
    static ReceiveWindow fromReset(JsonObject body) {
        long start = body.getLong("startSecond", System.currentTimeMillis() / 1000 + 1);
        long end = body.getLong("endSecond", Long.MAX_VALUE);
        int maxSeconds = Math.max(1, body.getInteger("maxSeconds", DEFAULT_MAX_SECONDS));
        int maxJobs = Math.max(1, body.getInteger("maxJobs", DEFAULT_MAX_JOBS));
        ReceiveWindow window = new ReceiveWindow(start, end, maxSeconds, maxJobs);
        int expectedJobs = Math.min(body.getInteger("jobs", 0), maxJobs);
        for (int i = 0; i < expectedJobs; i++) {
            window.kinds[i] = KIND_ALO;
        }
        JsonArray amo = body.getJsonArray("amoIndexes", new JsonArray());
        for (int i = 0; i < amo.size(); i++) {
            int index = amo.getInteger(i);
            if (index >= 0 && index < maxJobs) {
                window.kinds[index] = KIND_AMO;
            }
        }
        return window;
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

    /** The window's counters, as {@code GET /stats} answers them under "window". */
    JsonObject countersJson() {
        return new JsonObject()
                .put("startSecond", startSecond)
                .put("maxSeconds", maxSeconds)
                .put("maxJobs", maxJobs)
                .put("receipts", receipts.sum())
                .put("receiptsAlo", alo.sum())
                .put("receiptsAmo", amo.sum())
                .put("retries", retries.sum())
                .put("preWindow", preWindow.sum())
                .put("postWindow", postWindow.sum())
                .put("endSecond", endSecond == Long.MAX_VALUE ? null : endSecond)
                .put("outOfRange", outOfRange.sum())
                .put(
                        "duplicates",
                        new JsonObject()
                                .put("total", dupTotal.sum())
                                .put("alo", dupAlo.sum())
                                .put("amo", dupAmo.sum())
                                .put("samples", duplicateSamples()));
    }

    private JsonArray duplicateSamples() {
        JsonArray array = new JsonArray();
        for (long[] s : dupSamples) {
            array.add(new JsonObject().put("job", s[0]).put("second", s[1]).put("kind", kindName((int) s[2])));
        }
        return array;
    }

    static String kindName(int kind) {
        return kind == KIND_AMO ? "AT_MOST_ONCE" : kind == KIND_ALO ? "AT_LEAST_ONCE" : "unknown";
    }

    synchronized JsonObject driftJson() {
        harvest();
        Histogram h = cumulative;
        long n = h.getTotalCount();
        return new JsonObject()
                .put("count", n)
                .put("p50", ms(q(h, 50)))
                .put("p90", ms(q(h, 90)))
                .put("p99", ms(q(h, 99)))
                .put("p999", ms(q(h, 99.9)))
                .put("max", ms(n == 0 ? 0 : h.getMaxValue()))
                .put("mean", n == 0 ? 0 : Math.round(h.getMean() / 10.0) / 100.0)
                .put("early", early.sum());
    }

    static long clampMicros(long micros) {
        return Math.min(Math.max(micros, 0), HIGHEST_MICROS);
    }

    /** Microseconds as milliseconds with two decimals. */
    static double ms(long micros) {
        return Math.round(micros / 10.0) / 100.0;
    }

    static long q(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile);
    }
}
