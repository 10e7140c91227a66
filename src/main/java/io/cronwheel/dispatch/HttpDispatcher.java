package io.cronwheel.dispatch;

import io.cronwheel.model.Execution;
import io.cronwheel.model.ExecutionStatus;
import io.cronwheel.model.ExecutionType;
import io.cronwheel.model.Fire;
import io.cronwheel.time.Clock;
import io.cronwheel.time.Timers;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sees each fire through to a final {@link Execution}. Every attempt first takes a concurrency
 * permit (or waits for one, in a queue per host, at most {@code permitWait}), then passes its
 * host's shared circuit breaker, then goes out through the {@link FireTransport}.
 *
 * <p>At-least-once fires are retried with {@link Backoff} (or the receiver's {@code Retry-After})
 * while attempts and the execution deadline remain. An attempt refused by an open circuit, or that
 * got no permit in time, uses up one attempt without being sent and waits for the circuit's trial
 * (or a backoff) before the next; such an execution fails only once its attempts or its deadline
 * are spent. At-most-once fires are never retried once the request may have left, and one that
 * cannot be sent (open circuit, no permit in time) is recorded {@code SKIPPED}: it was not sent.
 *
 * <p>Owned by one partition and used only from its event loop; only the limiter's wake-up arrives
 * from other threads, through {@link Timers#runSoon}.
 */
public final class HttpDispatcher implements FireDispatcher {
  private static final Logger log = LoggerFactory.getLogger(HttpDispatcher.class);
  private static final long EXPIRY_SWEEP_MS = 100;

  /** How soon an attempt refused by a half-open circuit (its trials are out) tries again. */
  private static final long TRIALS_BUSY_RETRY_MS = 1000;

  private final int partition;
  private final FireTransport transport;
  private final Clock clock;
  private final Timers timers;
  private final DispatchEnvironment env;
  private final CompletionListener listener;
  private final ParkedAttempts<Pending> parked = new ParkedAttempts<>();
  private final AtomicBoolean wakeupQueued = new AtomicBoolean();
  private final Runnable wakeup;
  private long expiryTimer = -1;
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
    this.env = environment;
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
      DispatchEnvironment environment,
      int partition,
      Timers timers,
      CompletionListener listener) {
    FireTransport transport =
        HttpClientTransport.create(
            vertx,
            environment.settings(),
            "cronwheel-partition-" + partition,
            environment.hosts(),
            environment.security(),
            environment.clock(),
            timers);
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

  /**
   * Closes the connections. Attempts still waiting for a permit are given up: at-most-once ones are
   * recorded as not sent; at-least-once ones keep their claim, so a restart sends them again.
   */
  @Override
  public Future<Void> close() {
    env.limiter().unparked(wakeup);
    timers.cancel(expiryTimer);
    for (Pending run : parked.takeExpired(Long.MAX_VALUE)) {
      if (atMostOnce(run)) {
        finishNotSent(run, ExecutionStatus.SKIPPED, "the engine stopped before it could be sent");
      }
    }
    return transport.close();
  }

  @Override
  public void fire(Fire fire) {
    inFlight++;
    env.events().inFlightChanged(1);
    attempt(
        new Pending(fire, env.hosts().get(HostKeys.parse(fire.job().target().url()).hostKey())));
  }

  private void attempt(Pending run) {
    if (clock.nanoTime() - run.deadlineNanos >= 0) {
      giveUp(run, "its execution deadline of " + env.settings().executionDeadline() + " passed");
      return;
    }
    if (parked.hasWaiting(run.host) || !env.limiter().tryAcquire(run.host)) {
      park(run);
      return;
    }
    sendWithPermit(run);
  }

  private void park(Pending run) {
    run.parkedUntilNanos = clock.nanoTime() + env.settings().permitWait().toNanos();
    parked.park(run);
    env.limiter().parked(wakeup);
    // A permit may have been released between the failed acquire and the registration: look again.
    wakeup.run();
    if (expiryTimer < 0) {
      expiryTimer = timers.schedule(EXPIRY_SWEEP_MS, this::expireParked);
    }
  }

  private void drainParked() {
    List<Pending> ready = parked.takeReady(run -> env.limiter().tryAcquire(run.host));
    if (parked.isEmpty()) {
      env.limiter().unparked(wakeup);
    }
    ready.forEach(this::sendWithPermit);
  }

  private void expireParked() {
    expiryTimer = -1;
    List<Pending> expired = parked.takeExpired(clock.nanoTime());
    if (parked.isEmpty()) {
      env.limiter().unparked(wakeup);
    } else {
      expiryTimer = timers.schedule(EXPIRY_SWEEP_MS, this::expireParked);
    }
    expired.forEach(this::overCap);
  }

  /** Waited {@code permitWait} for a concurrency permit in vain. */
  private void overCap(Pending run) {
    String reason =
        "over the concurrency cap: no permit for "
            + run.host.key()
            + " within "
            + env.settings().permitWait();
    if (atMostOnce(run)) {
      finishNotSent(run, ExecutionStatus.SKIPPED, reason);
    } else {
      notSentAttempt(run, reason, backoffMs(run));
    }
  }

  private void sendWithPermit(Pending run) {
    HostBreaker.Permission permission = run.host.breaker().tryAcquire();
    if (permission != HostBreaker.Permission.GRANTED) {
      env.limiter().release(run.host);
      refused(run, permission);
      return;
    }
    run.attemptsUsed++;
    run.sends++;
    if (run.firedAtMillis < 0) {
      run.firedAtMillis = clock.epochMillis();
      run.startNanos = clock.nanoTime();
      env.events()
          .fired(
              partition, run.fire, Math.max(0, run.firedAtMillis - run.fire.scheduledAtMillis()));
    }
    long attemptStart = clock.nanoTime();
    transport
        .send(run.fire, run.sends)
        .onComplete(
            ar -> {
              env.limiter().release(run.host);
              Outcome outcome = ar.succeeded() ? ar.result() : Outcome.ofError(ar.cause());
              long tookNanos = clock.nanoTime() - attemptStart;
              if (outcome instanceof Outcome.Retryable retryable && retryable.countsAgainstHost()) {
                run.host.breaker().failed(tookNanos);
              } else {
                run.host.breaker().succeeded(tookNanos);
              }
              onOutcome(run, outcome);
            });
  }

  /** The host's circuit refused the attempt before it was sent. */
  private void refused(Pending run, HostBreaker.Permission permission) {
    String reason = "circuit open for " + run.host.key() + " (its recent calls failed); not sent";
    if (atMostOnce(run)) {
      finishNotSent(run, ExecutionStatus.SKIPPED, reason);
      return;
    }
    long delayMs = backoffMs(run);
    if (permission == HostBreaker.Permission.OPEN) {
      long untilTrialMs = (run.host.breaker().reopensAtNanos() - clock.nanoTime()) / 1_000_000;
      delayMs = Math.max(delayMs, untilTrialMs);
    } else {
      delayMs = Math.max(delayMs, TRIALS_BUSY_RETRY_MS);
    }
    notSentAttempt(run, reason, delayMs);
  }

  /** An attempt used up without sending: try again after {@code delayMs} if attempts remain. */
  private void notSentAttempt(Pending run, String reason, long delayMs) {
    run.attemptsUsed++;
    run.last = new Outcome.Retryable(reason, run.lastHttpStatus(), false);
    if (run.attemptsUsed >= run.fire.job().retry().maxAttempts() || pastDeadline(run, delayMs)) {
      finish(run, run.last);
      return;
    }
    timers.schedule(Math.max(1, delayMs), () -> attempt(run));
  }

  private void onOutcome(Pending run, Outcome outcome) {
    try {
      run.last = outcome;
      if (outcome instanceof Outcome.Retryable retryable && mayRetry(run, retryable)) {
        long delay = retryable.retryAfterMs() >= 0 ? retryable.retryAfterMs() : backoffMs(run);
        if (!pastDeadline(run, delay)) {
          timers.schedule(Math.max(1, delay), () -> attempt(run));
          return;
        }
      }
      finish(run, outcome);
    } catch (Throwable t) {
      env.events().unexpected("dispatch", t);
      log.error(
          "job {} execution {}: unexpected error completing an attempt",
          run.fire.job().id(),
          run.fire.executionId(),
          t);
    }
  }

  private static boolean mayRetry(Pending run, Outcome.Retryable outcome) {
    if (run.attemptsUsed >= run.fire.job().retry().maxAttempts()) {
      return false;
    }
    return !atMostOnce(run) || !outcome.mayHaveBeenSent();
  }

  private boolean pastDeadline(Pending run, long delayMs) {
    return clock.nanoTime() + delayMs * 1_000_000 - run.deadlineNanos >= 0;
  }

  private static long backoffMs(Pending run) {
    return Backoff.delayMillis(
        run.fire.job().retry(), run.attemptsUsed, ThreadLocalRandom.current()::nextDouble);
  }

  private void giveUp(Pending run, String reason) {
    if (atMostOnce(run) && run.firedAtMillis < 0) {
      finishNotSent(run, ExecutionStatus.SKIPPED, reason);
    } else {
      finish(run, new Outcome.Retryable(reason, run.lastHttpStatus(), false));
    }
  }

  private void finishNotSent(Pending run, ExecutionStatus status, String reason) {
    complete(run, Execution.notSent(run.fire, status, reason), reason);
  }

  private void finish(Pending run, Outcome outcome) {
    ExecutionStatus status =
        outcome instanceof Outcome.Delivered ? ExecutionStatus.SUCCEEDED : ExecutionStatus.FAILED;
    Integer httpStatus = outcome.lastHttpStatus() != null ? outcome.lastHttpStatus() : null;
    Execution execution =
        run.firedAtMillis < 0
            ? Execution.notSent(run.fire, status, outcome.failure())
            : Execution.sent(
                run.fire,
                run.firedAtMillis,
                (clock.nanoTime() - run.startNanos) / 1_000_000,
                status,
                httpStatus != null ? httpStatus : run.lastHttpStatus(),
                run.sends,
                outcome.failure());
    complete(run, execution, outcome.failure());
  }

  private void complete(Pending run, Execution execution, String reason) {
    if (execution.status() != ExecutionStatus.SUCCEEDED) {
      env.failures()
          .failed(run.host.key(), summary(execution, reason), run.fire.job().id(), execution.id());
    }
    try {
      listener.completed(run.fire, execution);
    } finally {
      inFlight--;
      env.events().inFlightChanged(-1);
      if (inFlight == 0 && drained != null) {
        Promise<Void> done = drained;
        drained = null;
        done.complete();
      }
    }
  }

  /** A short reason shared by many executions, for the aggregated failure log. */
  private static String summary(Execution execution, String reason) {
    String text = reason == null ? "unknown" : reason;
    int cut = text.indexOf(':');
    int semicolon = text.indexOf(';');
    if (semicolon >= 0 && (cut < 0 || semicolon < cut)) {
      cut = semicolon;
    }
    String head = cut > 0 ? text.substring(0, cut) : text;
    if (head.startsWith("circuit open for ")) {
      head = "circuit open";
    } else if (head.startsWith("over the concurrency cap")) {
      head = "over the concurrency cap";
    }
    return execution.status() == ExecutionStatus.SKIPPED ? head + " (skipped)" : head;
  }

  private static boolean atMostOnce(Pending run) {
    return run.fire.job().executionType() == ExecutionType.AT_MOST_ONCE;
  }

  /** One execution on its way: the fire, its host, its budget, and when its first attempt left. */
  private final class Pending implements ParkedAttempts.Parked {
    final Fire fire;
    final Host host;
    final long deadlineNanos;
    long firedAtMillis = -1;
    long startNanos;
    long parkedUntilNanos;
    int attemptsUsed;
    int sends;
    Outcome last;

    Pending(Fire fire, Host host) {
      this.fire = fire;
      this.host = host;
      long untilDeadlineMs =
          fire.scheduledAtMillis()
              + env.settings().executionDeadline().toMillis()
              - clock.epochMillis();
      this.deadlineNanos = clock.nanoTime() + untilDeadlineMs * 1_000_000;
    }

    @Override
    public Host host() {
      return host;
    }

    @Override
    public long parkedUntilNanos() {
      return parkedUntilNanos;
    }

    Integer lastHttpStatus() {
      return last == null ? null : last.lastHttpStatus();
    }
  }
}
