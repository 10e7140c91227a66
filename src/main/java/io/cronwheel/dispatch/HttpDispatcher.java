package io.cronwheel.dispatch;

import io.cronwheel.metrics.EngineEvents;
import io.cronwheel.model.Execution;
import io.cronwheel.model.ExecutionStatus;
import io.cronwheel.model.ExecutionType;
import io.cronwheel.model.Fire;
import io.cronwheel.store.ExecutionSink;
import io.cronwheel.time.Clock;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.codec.BodyCodec;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends fires over a keep-alive {@link WebClient} and sees each one through to a final {@link Execution}: at-least-once
 * fires are retried with {@link Backoff} while attempts remain; at-most-once fires are never retried once the request
 * may have left.
 *
 * <p>Owned by one partition and used only from its event loop (the in-flight count is a plain field for that
 * reason).
 */
public final class HttpDispatcher {
  private static final Logger log = LoggerFactory.getLogger(HttpDispatcher.class);

  private final Vertx vertx;
  private final WebClient client;
  private final Clock clock;
  private final ExecutionSink sink;
  private final EngineEvents events;
  private final int partition;
  private int inFlight;
  private Promise<Void> drained;

  public HttpDispatcher(
      Vertx vertx, WebClient client, Clock clock, ExecutionSink sink, EngineEvents events, int partition) {
    this.vertx = vertx;
    this.client = client;
    this.clock = clock;
    this.sink = sink;
    this.events = events;
    this.partition = partition;
  }

  /** Executions started and not yet final (including those waiting for a retry). */
  public int inFlight() {
    return inFlight;
  }

  /** Completes when nothing is in flight. */
  public Future<Void> whenDrained() {
    if (inFlight == 0) {
      return Future.succeededFuture();
    }
    if (drained == null) {
      drained = Promise.promise();
    }
    return drained.future();
  }

  public void fire(Fire fire) {
    long firedAtMillis = clock.epochMillis();
    long driftMs = Math.max(0, firedAtMillis - fire.scheduledAtMillis());
    inFlight++;
    events.inFlightChanged(1);
    events.fired(partition, fire, driftMs);
    attempt(new Attempt(fire, firedAtMillis, clock.nanoTime()), 1);
  }

  private void attempt(Attempt run, int attempt) {
    FireRequestFactory.FireRequest spec = FireRequestFactory.build(run.fire, attempt);
    Future<HttpResponse<Void>> response;
    try {
      HttpRequest<Void> request =
          client.requestAbs(spec.method(), spec.url())
              .timeout(run.fire.job().timeout().toMillis())
              .as(BodyCodec.none());
      spec.headers().forEach(request::putHeader);
      response = spec.body() == null ? request.send() : request.sendBuffer(spec.body());
    } catch (RuntimeException e) {
      response = Future.failedFuture(e);
    }
    response.onComplete(ar -> {
      Outcome outcome = ar.succeeded() ? Outcome.ofStatus(ar.result().statusCode()) : Outcome.ofError(ar.cause());
      onOutcome(run, attempt, outcome);
    });
  }

  private void onOutcome(Attempt run, int attempt, Outcome outcome) {
    try {
      if (outcome instanceof Outcome.Retryable retryable && mayRetry(run.fire, attempt, retryable)) {
        long delay = Backoff.delayMillis(run.fire.job().retry(), attempt, ThreadLocalRandom.current()::nextDouble);
        vertx.setTimer(Math.max(1, delay), id -> attempt(run, attempt + 1));
        return;
      }
      finish(run, attempt, outcome);
    } catch (Throwable t) {
      events.unexpected("dispatch", t);
      log.error("job {} execution {}: unexpected error completing an attempt", run.fire.job().id(),
          run.fire.executionId(), t);
    }
  }

  private static boolean mayRetry(Fire fire, int attempt, Outcome.Retryable outcome) {
    if (attempt >= fire.job().retry().maxAttempts()) {
      return false;
    }
    return fire.job().executionType() == ExecutionType.AT_LEAST_ONCE || !outcome.mayHaveBeenSent();
  }

  private void finish(Attempt run, int attempts, Outcome outcome) {
    ExecutionStatus status = ExecutionStatus.FAILED;
    Integer httpStatus;
    String error;
    if (outcome instanceof Outcome.Delivered delivered) {
      status = ExecutionStatus.SUCCEEDED;
      httpStatus = delivered.httpStatus();
      error = null;
    } else if (outcome instanceof Outcome.Retryable retryable) {
      httpStatus = retryable.httpStatus();
      error = retryable.reason();
    } else {
      Outcome.Failed failed = (Outcome.Failed) outcome;
      httpStatus = failed.httpStatus();
      error = failed.reason();
    }
    long durationMs = (clock.nanoTime() - run.startNanos) / 1_000_000;
    Fire fire = run.fire;
    Execution execution = new Execution(fire.executionId(), fire.job().id(),
        Instant.ofEpochMilli(fire.scheduledAtMillis()), Instant.ofEpochMilli(run.firedAtMillis),
        Math.max(0, run.firedAtMillis - fire.scheduledAtMillis()), status, httpStatus, durationMs, attempts, error,
        fire.trigger());
    if (status == ExecutionStatus.FAILED) {
      log.warn("job {} execution {} failed after {} attempt(s): {}", fire.job().id(), fire.executionId(), attempts,
          error);
    }
    sink.record(execution);
    events.completed(execution);
    inFlight--;
    events.inFlightChanged(-1);
    if (inFlight == 0 && drained != null) {
      Promise<Void> done = drained;
      drained = null;
      done.complete();
    }
  }

  private record Attempt(Fire fire, long firedAtMillis, long startNanos) {}
}
