package io.cronwheel.alert;

import io.cronwheel.dispatch.Backoff;
import io.cronwheel.metrics.EngineEvents;
import io.cronwheel.model.Execution;
import io.cronwheel.model.Job;
import io.cronwheel.model.RetryPolicy;
import io.cronwheel.time.Clock;
import io.cronwheel.time.UuidV7;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.codec.BodyCodec;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells people about executions that finally failed. Each alert is stored (pending) before it is
 * sent, POSTed as JSON with its id as {@code Idempotency-Key}, retried with backoff until a 2xx,
 * and swept up again from the table after a restart: delivery is at least once. {@link #failed} may
 * be called from any thread.
 */
public final class AlertVerticle extends VerticleBase implements AlertSink {
  private static final Logger log = LoggerFactory.getLogger(AlertVerticle.class);
  private static final RetryPolicy BACKOFF =
      new RetryPolicy(Integer.MAX_VALUE, Duration.ofSeconds(1), Duration.ofMinutes(5), 2.0);
  private static final Duration SWEEP_EVERY = Duration.ofSeconds(30);
  private static final long TIMEOUT_MS = 10_000;

  private final PgAlertStore store;
  private final Optional<String> globalWebhook;
  private final Clock clock;
  private final EngineEvents events;
  private final Set<UUID> inFlight = new HashSet<>();
  private WebClient client;
  private long sweepTimer = -1;

  public AlertVerticle(
      PgAlertStore store, Optional<String> globalWebhook, Clock clock, EngineEvents events) {
    this.store = store;
    this.globalWebhook = globalWebhook;
    this.clock = clock;
    this.events = events;
  }

  @Override
  public Future<?> start() {
    client =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setKeepAlive(true)
                .setUserAgent("cronwheel-alerts")
                .setConnectTimeout(5000));
    sweepTimer = vertx.setPeriodic(SWEEP_EVERY.toMillis(), id -> sweep());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(sweepTimer);
    client.close();
    return Future.succeededFuture();
  }

  /**
   * An execution of {@code job} finally failed: store and send an alert, if anyone is to be told.
   */
  @Override
  public void failed(Job job, Execution execution) {
    String webhook =
        job.spec().alertWebhook() != null ? job.spec().alertWebhook() : globalWebhook.orElse(null);
    if (webhook == null) {
      return;
    }
    long now = clock.epochMillis();
    JsonObject payload =
        new JsonObject()
            .put("type", "execution_failed")
            .put("jobId", job.id().toString())
            .put("jobName", job.name())
            .put("executionId", execution.id().toString())
            .put("scheduledAt", execution.scheduledAt().toString())
            .put("attempts", execution.attempts())
            .put("httpStatus", execution.httpStatus())
            .put("error", execution.error());
    PgAlertStore.Alert alert =
        new PgAlertStore.Alert(
            UuidV7.next(now),
            job.id(),
            execution.id(),
            webhook,
            payload,
            "PENDING",
            0,
            null,
            PgAlertStore.utc(now),
            null);
    context.runOnContext(
        v ->
            store
                .insert(alert)
                .onFailure(
                    e ->
                        log.warn(
                            "job {} execution {}: alert not stored yet ({}); sending anyway",
                            job.id(),
                            execution.id(),
                            e.getMessage()))
                .onComplete(ar -> send(alert, 1)));
  }

  private void sweep() {
    store
        .pending(PgAlertStore.utc(clock.epochMillis() - SWEEP_EVERY.toMillis()), 100)
        .onSuccess(
            pending -> {
              for (PgAlertStore.Alert alert : pending) {
                if (!inFlight.contains(alert.id())) {
                  send(alert, alert.attempts() + 1);
                }
              }
            });
  }

  private void send(PgAlertStore.Alert alert, int attempt) {
    inFlight.add(alert.id());
    client
        .postAbs(alert.webhook())
        .timeout(TIMEOUT_MS)
        .putHeader("Idempotency-Key", alert.id().toString())
        .putHeader("X-Cronwheel-Alert-Id", alert.id().toString())
        .as(BodyCodec.none())
        .sendJsonObject(alert.payload().copy().put("alertId", alert.id().toString()))
        .onComplete(
            ar -> {
              if (ar.succeeded() && ar.result().statusCode() / 100 == 2) {
                inFlight.remove(alert.id());
                events.alert(true);
                store.delivered(alert.id(), attempt);
                log.info(
                    "job {} execution {}: alert delivered to {}",
                    alert.jobId(),
                    alert.executionId(),
                    alert.webhook());
                return;
              }
              String error =
                  ar.succeeded()
                      ? "HTTP " + ar.result().statusCode()
                      : String.valueOf(ar.cause().getMessage());
              events.alert(false);
              store.attemptFailed(alert.id(), attempt, error);
              long delay =
                  Backoff.delayMillis(BACKOFF, attempt, ThreadLocalRandom.current()::nextDouble);
              if (attempt == 1) {
                log.warn(
                    "job {} execution {}: alert to {} failed ({}), retrying",
                    alert.jobId(),
                    alert.executionId(),
                    alert.webhook(),
                    error);
              }
              vertx.setTimer(Math.max(100, delay), id -> send(alert, attempt + 1));
            });
  }
}
