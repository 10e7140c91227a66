package io.cronwheel.bench.peers;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A peer's status endpoint on 127.0.0.1, what the throughput driver polls instead of the engine's API: {@code GET
 * /health} answers 200 once the scheduler runs (503 before), {@code GET /metrics} a few Prometheus-style lines:
 * {@code peer_jobs_scheduled}, {@code peer_schedule_seconds} (NaN until all jobs are scheduled), {@code
 * peer_fires_total}, {@code peer_fire_failures_total}, {@code peer_requests_inflight}.
 */
final class StatusServer {
    private final HttpServer server;
    private final HttpFirer firer;
    private final AtomicInteger jobsScheduled = new AtomicInteger();
    private volatile boolean running;
    private volatile double scheduleSeconds = Double.NaN;

    StatusServer(int port, HttpFirer firer) throws IOException {
        this.firer = firer;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.createContext(
                "/health",
                exchange -> answer(
                        exchange, running ? 200 : 503, running ? "{\"status\":\"UP\"}" : "{\"status\":\"STARTING\"}"));
        server.createContext("/metrics", exchange -> answer(exchange, 200, metrics()));
        server.start();
    }

    void running() {
        running = true;
    }

    void scheduled(int jobs) {
        jobsScheduled.set(jobs);
    }

    void scheduleTook(double seconds) {
        scheduleSeconds = seconds;
    }

    void stop() {
        running = false;
        server.stop(0);
    }

    private String metrics() {
        return String.format(
                Locale.ROOT,
                "peer_jobs_scheduled %d%npeer_schedule_seconds %s%npeer_fires_total %d%n"
                        + "peer_fire_failures_total %d%npeer_requests_inflight %d%n",
                jobsScheduled.get(),
                Double.isNaN(scheduleSeconds) ? "NaN" : String.format(Locale.ROOT, "%.3f", scheduleSeconds),
                firer.fires(),
                firer.failures(),
                firer.inflight());
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", body.startsWith("{") ? "application/json" : "text/plain");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
