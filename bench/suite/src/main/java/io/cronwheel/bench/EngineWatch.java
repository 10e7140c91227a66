package io.cronwheel.bench;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/**
 * Follows the engine process from its start: every {@link #INTERVAL_MILLIS} its RSS and CPU (/proc), its heap (a {@link
 * HeapWatch}), and {@code /health/ready} (status and {@code scheduledJobs}, the jobs its partitions have taken in).
 * Notes the first moment the engine answers ready, and the first moment every expected job is scheduled. Stops by
 * itself at its deadline.
 */
final class EngineWatch {
    /** How often the engine is read, and its heap through {@link HeapWatch}. */
    static final int INTERVAL_MILLIS = 250;

    /** One sample; NaN or -1 where unknown (e.g. no API yet). */
    record Sample(
            long epochMillis,
            double rssMib,
            double cpuPct,
            double heapUsedMib,
            double heapCommittedMib,
            long scheduledJobs,
            int healthStatus) {}

    private final Http http;
    private final int port;
    private final long pid;
    private final HeapWatch heap;
    private final long expectedJobs;
    private final long deadlineMillis;
    private final List<Sample> samples = new ArrayList<>();
    private volatile long readyAtMillis = -1;
    private volatile long loadedAtMillis = -1;
    private volatile boolean stopped;
    private Thread thread;

    EngineWatch(Http http, int port, long pid, HeapWatch heap, long expectedJobs, long deadlineMillis) {
        this.http = http;
        this.port = port;
        this.pid = pid;
        this.heap = heap;
        this.expectedJobs = expectedJobs;
        this.deadlineMillis = deadlineMillis;
    }

    void start() {
        thread = Daemons.start("engine-watch", this::run);
    }

    void stop() {
        stopped = true;
        Daemons.stop(thread, 5000);
    }

    /** When /health/ready first answered 200 (epoch millis), or -1. */
    long readyAtMillis() {
        return readyAtMillis;
    }

    /** When every expected job was first reported scheduled (epoch millis), or -1. */
    long loadedAtMillis() {
        return loadedAtMillis;
    }

    /**
     * Blocks until every expected job is scheduled, logging progress every 5 s.
     *
     * @throws IllegalStateException if the engine exits or the deadline passes first
     */
    void awaitLoaded(Child engine, long deadlineMillis, int limitSeconds, long startMillis, Consumer<String> log)
            throws InterruptedException {
        long lastReport = System.currentTimeMillis();
        while (loadedAtMillis < 0) {
            if (!engine.alive()) {
                throw new IllegalStateException(
                        "engine exited with " + engine.process.exitValue() + " during start-up:\n" + engine.tail(20));
            }
            if (System.currentTimeMillis() > deadlineMillis) {
                throw new IllegalStateException(
                        "not every job was scheduled within " + limitSeconds + " s (--startup-limit)");
            }
            if (System.currentTimeMillis() - lastReport >= 5000) {
                lastReport = System.currentTimeMillis();
                Sample s = last();
                log.accept(String.format(
                        "start-up, %.0f s: %s",
                        (lastReport - startMillis) / 1000.0,
                        s == null
                                ? "?"
                                : String.format(
                                        "health %d, scheduled %,d, heap %.0f MiB, RSS %.0f MiB, CPU %.0f%%",
                                        s.healthStatus(), s.scheduledJobs(), s.heapUsedMib(), s.rssMib(), s.cpuPct())));
            }
            Thread.sleep(100);
        }
    }

    /** The largest known value of {@code reading} so far, or NaN. */
    synchronized double peak(ToDoubleFunction<Sample> reading) {
        return samples.stream()
                .mapToDouble(reading)
                .filter(v -> !Double.isNaN(v))
                .max()
                .orElse(Double.NaN);
    }

    synchronized List<Sample> samples() {
        return new ArrayList<>(samples);
    }

    synchronized Sample last() {
        return samples.isEmpty() ? null : samples.get(samples.size() - 1);
    }

    private void run() {
        long previousTicks = ProcStats.cpuTicks(pid);
        long previousNanos = System.nanoTime();
        long next = System.currentTimeMillis();
        while (!stopped && System.currentTimeMillis() < deadlineMillis) {
            next += INTERVAL_MILLIS;
            long wait = next - System.currentTimeMillis();
            if (wait > 0) {
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException e) {
                    return;
                }
            } else {
                next = System.currentTimeMillis(); // a slow health answer: do not try to catch up
            }
            long ticks = ProcStats.cpuTicks(pid);
            long nanos = System.nanoTime();
            double cpu = ticks < 0 || previousTicks < 0
                    ? Double.NaN
                    : 100.0 * (ticks - previousTicks) / ProcStats.TICKS_PER_SECOND / ((nanos - previousNanos) / 1e9);
            previousTicks = ticks;
            previousNanos = nanos;
            long rss = ProcStats.rssBytes(pid);
            HeapWatch.Reading h = heap.latest();
            int status = -1;
            long scheduled = -1;
            try {
                HttpResponse<Buffer> answer = http.call(HttpMethod.GET, port, "/health/ready", null, 1000);
                status = answer.statusCode();
                JsonObject body = answer.bodyAsJsonObject();
                scheduled = body.getLong("scheduledJobs", -1L);
            } catch (Exception e) {
                // not listening yet, or busy
            }
            long now = System.currentTimeMillis();
            if (status == 200 && readyAtMillis < 0) {
                readyAtMillis = now;
            }
            if (scheduled >= expectedJobs && loadedAtMillis < 0) {
                loadedAtMillis = now;
            }
            synchronized (this) {
                samples.add(new Sample(
                        now,
                        rss < 0 ? Double.NaN : rss / 1048576.0,
                        cpu,
                        h == null ? Double.NaN : h.usedMib(),
                        h == null ? Double.NaN : h.committedMib(),
                        scheduled,
                        status));
            }
        }
    }
}
