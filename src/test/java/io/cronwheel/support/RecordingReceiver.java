package io.cronwheel.support;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A real local HTTP receiver that records every request it gets and answers with a settable status.
 */
public final class RecordingReceiver implements AutoCloseable {
  public record Received(
      String method, String path, MultiMap headers, String body, long receivedAtMillis) {
    public String header(String name) {
      return headers.get(name);
    }
  }

  /**
   * How to answer one request: a status, extra headers, a delay before answering, or never
   * answering.
   */
  public record Reply(
      int status, java.util.Map<String, String> headers, long delayMs, boolean hang) {
    public static Reply status(int status) {
      return new Reply(status, java.util.Map.of(), 0, false);
    }

    public static Reply delayed(int status, long delayMs) {
      return new Reply(status, java.util.Map.of(), delayMs, false);
    }

    public static Reply never() {
      return new Reply(0, java.util.Map.of(), 0, true);
    }
  }

  private final Vertx vertx;
  private final HttpServer server;
  private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
  private final AtomicInteger concurrent = new AtomicInteger();
  private final AtomicInteger maxConcurrent = new AtomicInteger();
  private volatile java.util.function.Function<Received, Reply> responder = r -> Reply.status(200);

  private RecordingReceiver(Vertx vertx) {
    this.vertx = vertx;
    this.server =
        vertx
            .createHttpServer()
            .requestHandler(
                request ->
                    request
                        .body()
                        .onSuccess(
                            body -> {
                              Received got =
                                  new Received(
                                      request.method().name(),
                                      request.path(),
                                      MultiMap.caseInsensitiveMultiMap().addAll(request.headers()),
                                      body.toString(),
                                      System.currentTimeMillis());
                              received.add(got);
                              Reply reply = responder.apply(got);
                              if (reply.hang()) {
                                return;
                              }
                              maxConcurrent.accumulateAndGet(
                                  concurrent.incrementAndGet(), Math::max);
                              Runnable answer =
                                  () -> {
                                    concurrent.decrementAndGet();
                                    reply.headers().forEach(request.response()::putHeader);
                                    request.response().setStatusCode(reply.status()).end();
                                  };
                              if (reply.delayMs() > 0) {
                                vertx.setTimer(reply.delayMs(), id -> answer.run());
                              } else {
                                answer.run();
                              }
                            }));
  }

  /** Answers every request with what {@code responder} says. */
  public void respond(java.util.function.Function<Received, Reply> responder) {
    this.responder = responder;
  }

  /** The most requests this receiver was answering at once since the last reset. */
  public int maxConcurrent() {
    return maxConcurrent.get();
  }

  public void resetMaxConcurrent() {
    maxConcurrent.set(concurrent.get());
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
    respond(r -> Reply.status(httpStatus));
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  public List<Received> received(Predicate<Received> filter) {
    return received.stream().filter(filter).toList();
  }

  /** Waits until at least {@code count} matching requests arrived; fails after {@code timeout}. */
  public List<Received> awaitCount(Predicate<Received> filter, int count, Duration timeout) {
    Waits.until(
        () -> received(filter).size() >= count,
        timeout,
        () -> "expected " + count + " requests, got " + received(filter).size());
    return received(filter);
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
