package io.cronwheel.bench.peers;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a peer's job does when it fires: one POST to the bench receiver at {@code /alo/<index>}, the worker thread
 * waiting for the answer as a user's Quartz or db-scheduler job would. Keep-alive HTTP/1.1 (java.net.http) and the
 * headers the engine sends, with {@code X-Cronwheel-Scheduled-At} in the engine's format, so the receiver measures
 * every scheduler the same way.
 *
 * <p>A failed fire (timeout, refused, non-2xx) is counted and never thrown: a throwing job would make Quartz and
 * db-scheduler log a stack trace per fire, which at thousands of fires per second measures their logging instead.
 * Thread-safe.
 */
final class HttpFirer {
    static final String JOB_ID = "X-Cronwheel-Job-Id";
    static final String SCHEDULED_AT = "X-Cronwheel-Scheduled-At";
    static final String ATTEMPT = "X-Cronwheel-Attempt";
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final long FAILURES_LOGGED_IN_FULL = 5;
    private static final long FAILURE_LOG_EVERY = 10_000;

    private final HttpClient client;
    private final String baseUrl;
    private final String jobPrefix;
    private final Duration timeout;
    private final LongAdder fires = new LongAdder();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicInteger inflight = new AtomicInteger();

    HttpFirer(String schedulerName, int receiverPort, Duration timeout) {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        this.baseUrl = "http://127.0.0.1:" + receiverPort + "/alo/";
        this.jobPrefix = schedulerName + "-";
        this.timeout = timeout;
    }

    /** Fires job {@code index} for its scheduled instant and waits for the answer. */
    void fire(int index, Instant scheduledAt) {
        String scheduled = ISO_MILLIS.format(scheduledAt);
        String job = jobPrefix + index;
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + index))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header(JOB_ID, job)
                .header(SCHEDULED_AT, scheduled)
                .header(ATTEMPT, "1")
                .header(IDEMPOTENCY_KEY, job + "@" + scheduledAt.getEpochSecond())
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"jobId\":\"" + job + "\",\"scheduledAt\":\"" + scheduled + "\",\"attempt\":1}"))
                .build();
        fires.increment();
        inflight.incrementAndGet();
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                failed(job, scheduled, "HTTP " + response.statusCode());
            }
        } catch (IOException e) {
            failed(job, scheduled, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed(job, scheduled, "interrupted");
        } finally {
            inflight.decrementAndGet();
        }
    }

    private void failed(String job, String scheduled, String reason) {
        long n = failures.incrementAndGet();
        if (n <= FAILURES_LOGGED_IN_FULL || n % FAILURE_LOG_EVERY == 0) {
            System.err.println(
                    Instant.now() + " WARN fire failed (" + n + " so far): " + job + " @ " + scheduled + ": " + reason);
        }
    }

    long fires() {
        return fires.sum();
    }

    long failures() {
        return failures.get();
    }

    int inflight() {
        return inflight.get();
    }
}
