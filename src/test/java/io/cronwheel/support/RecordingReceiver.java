package io.cronwheel.support;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** A real local HTTP receiver that records every request it gets and answers with a settable status. */
public final class RecordingReceiver implements AutoCloseable {
  public record Received(String method, String path, MultiMap headers, String body, long receivedAtMillis) {
    public String header(String name) {
      return headers.get(name);
    }
  }

  private final Vertx vertx;
  private final HttpServer server;
  private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
  private final AtomicInteger status = new AtomicInteger(200);

  private RecordingReceiver(Vertx vertx) {
    this.vertx = vertx;
    this.server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      received.add(new Received(request.method().name(), request.path(), MultiMap.caseInsensitiveMultiMap()
          .addAll(request.headers()), body.toString(), System.currentTimeMillis()));
      request.response().setStatusCode(status.get()).end();
    }));
  }

  public static RecordingReceiver start() {
    RecordingReceiver receiver = new RecordingReceiver(Vertx.vertx());
    receiver.server.listen(0, "127.0.0.1").await();
    return receiver;
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }

  public void respondWith(int httpStatus) {
    status.set(httpStatus);
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  public List<Received> received(Predicate<Received> filter) {
    return received.stream().filter(filter).toList();
  }

  /** Waits until at least {@code count} matching requests arrived; fails after {@code timeout}. */
  public List<Received> awaitCount(Predicate<Received> filter, int count, Duration timeout) {
    Waits.until(() -> received(filter).size() >= count, timeout,
        () -> "expected " + count + " requests, got " + received(filter).size());
    return received(filter);
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
