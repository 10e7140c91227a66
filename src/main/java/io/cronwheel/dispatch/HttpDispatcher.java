package io.cronwheel.dispatch;

import io.cronwheel.metrics.EngineEvents;
import io.cronwheel.model.Execution;
import io.cronwheel.model.ExecutionStatus;
import io.cronwheel.model.ExecutionType;
import io.cronwheel.model.Fire;
import io.cronwheel.time.Clock;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.codec.BodyCodec;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends fires over a keep-alive {@link WebClient} and sees each one through to a final {@link
 * Execution}. At-least-once fires are retried with {@link Backoff} (or the receiver's {@code
 * Retry-After}) while attempts remain; at-most-once fires are never retried once the request may
 * have left. Each attempt first passes the host's circuit breaker and takes a permit from the
 * shared {@link ConcurrencyLimiter}; without a permit it waits in this dispatcher's queue, in
 * order.
 *
 * <p>Owned by one partition and used only from its event loop (counters are plain fields for that
 * reason); only {@link #wakeup} may run elsewhere.
 */
public final class HttpDispatcher {
  private static final Logger log = LoggerFactory.getLogger(HttpDispatcher.class);

  private final Vertx vertx;
  private final WebClient client;
  private final Clock clock;
  private final EngineEvents events;
  private final int partition;
  private final BiConsumer<Fire, Execution> onFinal;
  private final CircuitBreakers breakers =
      new CircuitBreakers(
          CircuitBreakers.DEFAULT_FAILURE_THRESHOLD, CircuitBreakers.DEFAULT_OPEN_DURATION);
  private final ConcurrencyLimiter limiter;
  private final ArrayDeque<Pending> parked = new ArrayDeque<>();
  private final AtomicBoolean wakeupQueued = new AtomicBoolean();
  private final Runnable wakeup;
  private int inFlight;
  private Promise<Void> drained;

  /**
   * @param onFinal receives every execution once it is final, on this dispatcher's event loop
   */
  public HttpDispatcher(
      Vertx vertx,
      WebClient client,
      Clock clock,
      EngineEvents events,
      ConcurrencyLimiter limiter,
      int partition,
      BiConsumer<Fire, Execution> onFinal) {
    this.vertx = vertx;
    this.client = client;
    this.clock = clock;
    this.events = events;
    this.limiter = limiter;
    this.partition = partition;
    this.onFinal = onFinal;
    io.vertx.core.Context context = vertx.getOrCreateContext();
    this.wakeup =
        () -> {
          if (wakeupQueued.compareAndSet(false, true)) {
            context.runOnContext(
                v -> {
                  wakeupQueued.set(false);
                  drainParked();
                });
          }
        };
  }

  /** Executions started and not yet final (including those waiting for a permit or a retry). */
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
    inFlight++;
    events.inFlightChanged(1);
    attempt(new Pending(fire, HostKeys.parse(fire.job().target().url())), 1);
  }

  private void attempt(Pending run, int attempt) {
    if (!breakers.allow(run.host, clock.nanoTime())) {
      finish(
          run,
          attempt - 1,
          new Outcome.Failed(
              "circuit open for " + run.host + " after repeated failures; not sent", null));
      return;
    }
    run.nextAttempt = attempt;
    if (!parked.isEmpty() || !limiter.tryAcquire(run.host)) {
      parked.add(run);
      limiter.parked(wakeup);
      return;
    }
    send(run, attempt);
  }

  private void drainParked() {
    Pending next;
    while ((next = parked.peek()) != null && limiter.tryAcquire(next.host)) {
      parked.poll();
      send(next, next.nextAttempt);
    }
    if (parked.isEmpty()) {
      limiter.unparked(wakeup);
    }
  }

  private void send(Pending run, int attempt) {
    if (run.firedAtMillis < 0) {
      run.firedAtMillis = clock.epochMillis();
      run.startNanos = clock.nanoTime();
      events.fired(
          partition, run.fire, Math.max(0, run.firedAtMillis - run.fire.scheduledAtMillis()));
    }
    FireRequestFactory.FireRequest spec = FireRequestFactory.build(run.fire, attempt);
    Future<HttpResponse<Void>> response;
    try {
      HostKeys.ParsedUrl url = run.url;
      HttpRequest<Void> request =
          (url.host() == null
                  ? client.requestAbs(spec.method(), spec.url())
                  : client
                      .request(spec.method(), url.port(), url.host(), url.requestUri())
                      .ssl(url.ssl()))
              .timeout(run.fire.job().timeout().toMillis())
              .as(BodyCodec.none());
      spec.headers().forEach(request::putHeader);
      response = spec.body() == null ? request.send() : request.sendBuffer(spec.body());
    } catch (RuntimeException e) {
      response = Future.failedFuture(e);
    }
    response.onComplete(
        ar -> {
          limiter.release(run.host);
          Outcome outcome =
              ar.succeeded()
                  ? Outcome.ofStatus(
                      ar.result().statusCode(),
                      ar.result().getHeader("Retry-After"),
                      clock.epochMillis())
                  : Outcome.ofError(ar.cause());
          onOutcome(run, attempt, outcome);
        });
  }

  private void onOutcome(Pending run, int attempt, Outcome outcome) {
    try {
      if (outcome instanceof Outcome.Retryable retryable) {
        if (retryable.countsAgainstHost()) {
          breakers.onFailure(run.host, clock.nanoTime());
        }
        if (mayRetry(run.fire, attempt, retryable)) {
          long delay =
              retryable.retryAfterMs() >= 0
                  ? retryable.retryAfterMs()
                  : Backoff.delayMillis(
                      run.fire.job().retry(), attempt, ThreadLocalRandom.current()::nextDouble);
          vertx.setTimer(Math.max(1, delay), id -> attempt(run, attempt + 1));
          return;
        }
      } else {
        breakers.onSuccess(run.host);
      }
      finish(run, attempt, outcome);
    } catch (Throwable t) {
      events.unexpected("dispatch", t);
      log.error(
          "job {} execution {}: unexpected error completing an attempt",
          run.fire.job().id(),
          run.fire.executionId(),
          t);
    }
  }

  private static boolean mayRetry(Fire fire, int attempt, Outcome.Retryable outcome) {
    if (attempt >= fire.job().retry().maxAttempts()) {
      return false;
    }
    return fire.job().executionType() == ExecutionType.AT_LEAST_ONCE || !outcome.mayHaveBeenSent();
  }

  private void finish(Pending run, int attempts, Outcome outcome) {
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
    Fire fire = run.fire;
    boolean sent = run.firedAtMillis >= 0;
    Execution execution =
        new Execution(
            fire.executionId(),
            fire.job().id(),
            Instant.ofEpochMilli(fire.scheduledAtMillis()),
            sent ? Instant.ofEpochMilli(run.firedAtMillis) : null,
            sent ? Math.max(0, run.firedAtMillis - fire.scheduledAtMillis()) : null,
            status,
            httpStatus,
            sent ? (clock.nanoTime() - run.startNanos) / 1_000_000 : null,
            attempts,
            error,
            fire.trigger());
    if (status == ExecutionStatus.FAILED) {
      log.warn(
          "job {} execution {} failed after {} attempt(s): {}",
          fire.job().id(),
          fire.executionId(),
          attempts,
          error);
    }
    onFinal.accept(fire, execution);
    inFlight--;
    events.inFlightChanged(-1);
    if (inFlight == 0 && drained != null) {
      Promise<Void> done = drained;
      drained = null;
      done.complete();
    }
  }

  /** One execution on its way: the fire, its host, and when its first attempt left. */
  private static final class Pending {
    final Fire fire;
    final HostKeys.ParsedUrl url;
    final String host;
    long firedAtMillis = -1;
    long startNanos;
    int nextAttempt;

    Pending(Fire fire, HostKeys.ParsedUrl url) {
      this.fire = fire;
      this.url = url;
      this.host = url.hostKey();
    }
  }
}
