package io.cronwheel.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** The driver's HTTP client (Vert.x WebClient, keep-alive), to 127.0.0.1 only. */
final class Http implements AutoCloseable {
    static final String HOST = "127.0.0.1";

    /**
     * The admin token the measured engine is started with ({@code CRONWHEEL_ADMIN_TOKEN}), fresh per run; every
     * request carries it (the peers and the receiver ignore it).
     */
    static final String ENGINE_TOKEN = "cwt_bench-" + UUID.randomUUID();

    final Vertx vertx;
    final WebClient client;

    Http(int maxConnections) {
        vertx = Vertx.vertx(
                new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2).setInternalBlockingPoolSize(2));
        client = WebClient.create(
                vertx,
                new WebClientOptions()
                        .setKeepAlive(true)
                        .setTcpNoDelay(true)
                        .setConnectTimeout(5000)
                        .setUserAgent("cronwheel-bench"),
                new PoolOptions().setHttp1MaxSize(maxConnections).setMaxWaitQueueSize(-1));
    }

    Future<HttpResponse<Buffer>> request(HttpMethod method, int port, String uri, JsonObject body, long timeoutMs) {
        var request =
                client.request(method, port, HOST, uri).timeout(timeoutMs).bearerTokenAuthentication(ENGINE_TOKEN);
        return body == null ? request.send() : request.sendJsonObject(body);
    }

    HttpResponse<Buffer> call(HttpMethod method, int port, String uri, JsonObject body, long timeoutMs)
            throws Exception {
        return request(method, port, uri, body, timeoutMs).await(timeoutMs + 2000, TimeUnit.MILLISECONDS);
    }

    String getText(int port, String uri, long timeoutMs) throws Exception {
        HttpResponse<Buffer> response = call(HttpMethod.GET, port, uri, null, timeoutMs);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + uri + " answered " + response.statusCode());
        }
        return response.bodyAsString();
    }

    JsonObject getJson(int port, String uri, long timeoutMs) throws Exception {
        return new JsonObject(getText(port, uri, timeoutMs));
    }

    /** POSTs {@code body} and returns the JSON answer, failing unless it is 200. */
    JsonObject postJson(int port, String uri, JsonObject body) throws Exception {
        HttpResponse<Buffer> answer = call(HttpMethod.POST, port, uri, body, 10_000);
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("POST " + uri + " on port " + port + " answered " + answer.statusCode());
        }
        return answer.bodyAsJsonObject();
    }

    /** Fails unless {@code port} of {@link #HOST} is free, so a run never talks to somebody else's process. */
    static void requirePortFree(int port, String advice) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(HOST))) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            throw new IllegalStateException("port " + port + " is in use on " + HOST + ": " + advice);
        }
    }

    /** Waits until {@code child} answers 200 on {@code path}, failing at once if it exits first. */
    void awaitOk(Child child, int port, String path, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (!child.alive()) {
                throw new IllegalStateException(child.name + " exited with " + child.process.exitValue()
                        + " during start-up:\n" + child.tail(20));
            }
            if (status(port, path, 2000) == 200) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(
                child.name + " did not answer 200 on " + path + " within " + seconds + " s:\n" + child.tail(20));
    }

    /** The status of GET uri, or -1 if nothing answered. */
    int status(int port, String uri, long timeoutMs) {
        try {
            return call(HttpMethod.GET, port, uri, null, timeoutMs).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    @Override
    public void close() {
        client.close();
        try {
            vertx.close().await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing anyway
        }
    }
}
