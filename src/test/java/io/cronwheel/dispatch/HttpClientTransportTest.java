package io.cronwheel.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronwheel.model.ExecutionType;
import io.cronwheel.model.Fire;
import io.cronwheel.model.Job;
import io.cronwheel.model.Target;
import io.cronwheel.model.Trigger;
import io.cronwheel.runtime.ContextTimers;
import io.cronwheel.support.Jobs;
import io.cronwheel.time.SystemClock;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The transport against a real local HTTP/1.1 server: a whole second's burst of requests to one
 * host, sent in one event-loop turn, all reach it and all are answered, with HTTP pipelining off
 * (the default) and on (CRONWHEEL_HTTP_PIPELINING_LIMIT), where Netty consolidates the flushes.
 */
class HttpClientTransportTest {
  private static final int PARTITIONS = 4;
  private static final int BURST = 1_500;
  private static final int SECONDS = 3;

  private Vertx vertx;
  private HttpServer server;
  private final AtomicInteger received = new AtomicInteger();

  @BeforeEach
  void startServer() {
    vertx = Vertx.vertx();
    server =
        vertx
            .createHttpServer()
            .requestHandler(
                request ->
                    request
                        .body()
                        .onSuccess(
                            body -> {
                              received.incrementAndGet();
                              request.response().end();
                            }))
            .listen(0, "127.0.0.1")
            .await();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 128})
  void aBurstToOneHostIsDeliveredAndAnswered(int pipeliningLimit) throws Exception {
    DispatchSettings settings =
        new DispatchSettings(
            16,
            pipeliningLimit,
            Duration.ofSeconds(5),
            4,
            Duration.ofSeconds(5),
            Duration.ofMinutes(10));
    Job base = Jobs.job("* * * * * *", ExecutionType.AT_LEAST_ONCE);
    Job job =
        Jobs.with(
            base,
            base.spec()
                .withTarget(
                    new Target(
                        "http://127.0.0.1:" + server.actualPort() + "/hook", "POST", null, "{}")));
    // Four partitions on their own contexts sharing one Hosts (as in the engine), each sending a
    // burst at the top of every second for a few seconds.
    Hosts hosts = new Hosts(BreakerSettings.DEFAULTS, SystemClock.INSTANCE);
    AtomicInteger delivered = new AtomicInteger();
    List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    Promise<Void> allAnswered = Promise.promise();
    AtomicInteger outstanding = new AtomicInteger(PARTITIONS * BURST * SECONDS);
    for (int p = 0; p < PARTITIONS; p++) {
      Context context = vertx.getOrCreateContext();
      context.runOnContext(
          v -> {
            HttpClientTransport transport =
                HttpClientTransport.create(
                    vertx,
                    settings,
                    "test",
                    hosts,
                    TargetSecurity.DEFAULT,
                    SystemClock.INSTANCE,
                    new ContextTimers(context));
            for (int second = 0; second < SECONDS; second++) {
              vertx.setTimer(
                  1 + 1000L * second,
                  id -> {
                    for (int i = 0; i < BURST; i++) {
                      Fire fire =
                          new Fire(
                              UUID.randomUUID(),
                              job,
                              System.currentTimeMillis(),
                              Trigger.SCHEDULED);
                      transport
                          .send(fire, 1)
                          .onComplete(
                              ar -> {
                                if (ar.succeeded() && ar.result() instanceof Outcome.Delivered) {
                                  delivered.incrementAndGet();
                                } else {
                                  failures.add(
                                      String.valueOf(ar.succeeded() ? ar.result() : ar.cause()));
                                }
                                if (outstanding.decrementAndGet() == 0) {
                                  allAnswered.complete();
                                }
                              });
                    }
                  });
            }
          });
    }

    allAnswered.future().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);

    assertThat(failures).isEmpty();
    assertThat(delivered.get()).isEqualTo(PARTITIONS * BURST * SECONDS);
    assertThat(received.get()).isEqualTo(PARTITIONS * BURST * SECONDS);
  }
}
