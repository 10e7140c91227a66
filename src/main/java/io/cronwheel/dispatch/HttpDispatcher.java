package io.cronwheel.dispatch;

import io.cronwheel.metrics.EngineEvents;
import io.cronwheel.model.Execution;
import io.cronwheel.model.ExecutionStatus;
import io.cronwheel.model.ExecutionType;
import io.cronwheel.model.Fire;
import io.cronwheel.time.Clock;
import io.cronwheel.time.Timers;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sees each fire through to a final {@link Execution}. At-least-once fires are retried with {@link
 * Backoff} (or the receiver's {@code Retry-After}) while attempts remain; at-most-once fires are
 * never retried once the request may have left. Each attempt first passes the host's circuit
 * breaker and takes a permit from the shared {@link ConcurrencyLimiter}; without a permit it waits
 * in this dispatcher's queue, in order. The sending itself is the {@link FireTransport}'s.
 *
 * <p>Owned by one partition and used only from its event loop (counters are plain fields for that
 * reason); only the limiter's wake-up arrives from other threads, through {@link Timers#runSoon}.
 */
public final class HttpDispatcher implements FireDispatcher {
  private static final Logger log = LoggerFactory.getLogger(HttpDispatcher.class);

  private final int partition;
  private final FireTransport transport;
  private final Clock clock;
  private final Timers timers;
  private final EngineEvents events;
  private final ConcurrencyLimiter limiter;
  private final CompletionListener listener;
  private final CircuitBreakers breakers =
      new CircuitBreakers(
          CircuitBreakers.DEFAULT_FAILURE_THRESHOLD, CircuitBreakers.DEFAULT_OPEN_DURATION);
  private final ArrayDeque<Pending> parked = new ArrayDeque<>();
  private final AtomicBoolean wakeupQueued = new AtomicBoolean();
  private final Runnable wakeup;
  private int inFlight;
  private Promise<Void> drained;

  public HttpDispatcher(
      int partition,
      FireTransport transport,
      DispatchEnvironment environment,
      Timers timers,
      CompletionListener listener) {
    this.partition = partition;
    this.transport = transport;
    this.clock = environment.clock();
    this.events = environment.events();
    this.limiter = environment.limiter();
    this.timers = timers;
    this.listener = listener;
    this.wakeup =
        () -> {
          if (wakeupQueued.compareAndSet(false, true)) {
            timers.runSoon(
                () -> {
                  wakeupQueued.set(false);
                  drainParked();
                });
          }
        };
  }

  /**
   * A dispatcher sending over its own keep-alive HTTP client. Call it on the partition's event
   * loop: the client belongs to the calling context.
   */
  public static HttpDispatcher create(
      Vertx vertx,
      DispatchSettings settings,
      DispatchEnvironment environment,
      int partition,
      Timers timers,
      CompletionListener listener) {
    FireTransport transport =
        WebClientTransport.create(
            vertx, settings, "cronwheel-partition-" + partition, environment.clock());
    return new HttpDispatcher(partition, transport, environment, timers, listener);
  }

  @Override
  public int inFlight() {
    return inFlight;
  }

  @Override
  public Future<Void> whenDrained() {
    if (inFlight == 0) {
      return Future.succeededFuture();
    }
    if (drained == null) {
      drained = Promise.promise();
    }
    return drained.future();
  }

  @Override
  public Future<Void> close() {
    limiter.unparked(wakeup);
    return transport.close();
  }

  @Override
  public void fire(Fire fire) {
    inFlight++;
    events.inFlightChanged(1);
    attempt(new Pending(fire), 1);
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
    transport
        .send(run.fire, attempt)
        .onComplete(
            ar -> {
              limiter.release(run.host);
              onOutcome(run, attempt, ar.succeeded() ? ar.result() : Outcome.ofError(ar.cause()));
            });
  }

  private void onOutcome(Pending run, int attempt, Outcome outcome) {
    try {
      if (outcome instanceof Outcome.Retryable retryable) {
        if (retryable.countsAgainstHost()) {
          breakers.onFailure(run.host, clock.nanoTime());
        } else {
          breakers.onSuccess(run.host); // a 429 or 408 is the host pacing us: it is up
        }
        if (mayRetry(run.fire, attempt, retryable)) {
          long delay =
              retryable.retryAfterMs() >= 0
                  ? retryable.retryAfterMs()
                  : Backoff.delayMillis(
                      run.fire.job().retry(), attempt, ThreadLocalRandom.current()::nextDouble);
          timers.schedule(Math.max(1, delay), () -> attempt(run, attempt + 1));
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
    Fire fire = run.fire;
    ExecutionStatus status =
        outcome instanceof Outcome.Delivered ? ExecutionStatus.SUCCEEDED : ExecutionStatus.FAILED;
    Execution execution =
        run.firedAtMillis < 0
            ? Execution.notSent(fire, status, outcome.failure())
            : Execution.sent(
                fire,
                run.firedAtMillis,
                (clock.nanoTime() - run.startNanos) / 1_000_000,
                status,
                outcome.lastHttpStatus(),
                attempts,
                outcome.failure());
    if (status == ExecutionStatus.FAILED) {
      log.warn(
          "job {} execution {} failed after {} attempt(s): {}",
          fire.job().id(),
          fire.executionId(),
          attempts,
          outcome.failure());
    }
    try {
      listener.completed(fire, execution);
    } finally {
      inFlight--;
      events.inFlightChanged(-1);
      if (inFlight == 0 && drained != null) {
        Promise<Void> done = drained;
        drained = null;
        done.complete();
      }
    }
  }

  /** One execution on its way: the fire, its host, and when its first attempt left. */
  private static final class Pending {
    final Fire fire;
    final String host;
    long firedAtMillis = -1;
    long startNanos;
    int nextAttempt;

    Pending(Fire fire) {
      this.fire = fire;
      this.host = HostKeys.parse(fire.job().target().url()).hostKey();
    }
  }
}
