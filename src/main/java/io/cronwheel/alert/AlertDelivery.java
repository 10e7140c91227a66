package io.cronwheel.alert;

import io.cronwheel.dispatch.Backoff;
import io.cronwheel.metrics.EngineEvents;
import io.cronwheel.model.RetryPolicy;
import io.cronwheel.time.Clock;
import io.cronwheel.time.Timers;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers alerts from the table with a bounded window in flight. It claims due alerts for a lease
 * (up to the free part of the window), POSTs each, and writes the outcome back: a 2xx makes it
 * {@code DELIVERED}; anything else makes it due again after an exponential backoff with full jitter
 * (1 s doubling up to 5 min), until the delivery cap after its creation, when it becomes {@code
 * UNDELIVERABLE}. It claims again whenever the table was told of new alerts ({@link #poke}), when a
 * slot frees up after a full claim, and every poll interval (retries falling due).
 *
 * <p>Cost: at most {@code window} alerts in memory and one claim statement in flight, whatever the
 * webhooks do; no timer per alert. Example, window 16, a webhook answering 503: 16 alerts are
 * claimed and sent, each fails and is due again 0-1 s later, then 0-2 s, 0-4 s, ... while the rest
 * wait in the table; once it answers 200, each free slot is filled from the table at once.
 *
 * <p>Used only on the loop whose {@link Timers} {@link #start} is given.
 */
public final class AlertDelivery {
  private static final Logger log = LoggerFactory.getLogger(AlertDelivery.class);
  static final RetryPolicy BACKOFF =
      new RetryPolicy(Integer.MAX_VALUE, Duration.ofSeconds(1), Duration.ofMinutes(5), 2.0);
  static final long MIN_RETRY_MILLIS = 250;

  private final AlertStore store;
  private final AlertSettings settings;
  private final Clock clock;
  private final EngineEvents events;
  private final DoubleSupplier random;
  private final DeliveryLog deliveryLog = new DeliveryLog();
  private AlertTransport transport;
  private Timers timers;
  private long pollTimer = -1;
  private long logTimer = -1;
  // The alerts being sent: a claim that comes back with one of them (its lease ran out while its
  // answer was still awaited) must not send it a second time at once.
  private final Set<UUID> sending = new HashSet<>();
  private int inFlight;
  // inFlight as last seen on the loop, for gauges on other threads.
  private volatile int inFlightSeen;
  private boolean claiming;
  private boolean moreDue;
  private boolean stopped;
  private boolean storeFailing;
  private Promise<Void> drained;

  public AlertDelivery(
      AlertStore store,
      AlertSettings settings,
      Clock clock,
      EngineEvents events,
      DoubleSupplier random) {
    this.store = store;
    this.settings = settings;
    this.clock = clock;
    this.events = events;
    this.random = random;
  }

  /** Starts delivering on the loop these timers belong to, sending through {@code transport}. */
  public void start(Timers loopTimers, AlertTransport alertTransport) {
    this.timers = loopTimers;
    this.transport = alertTransport;
    armPoll();
    armLog();
    claimMore();
  }

  /** New alerts were stored: claim them now rather than at the next poll. On the loop only. */
  public void poke() {
    moreDue = true;
    claimMore();
  }

  /** Stops claiming; completes once the alerts in flight are settled. */
  public Future<Void> stop() {
    stopped = true;
    timers.cancel(pollTimer);
    timers.cancel(logTimer);
    deliveryLog.flush();
    drained = Promise.promise();
    settleDrain();
    return drained.future();
  }

  /** Alerts claimed and not yet settled: never more than the window. Any thread. */
  public int inFlight() {
    return inFlightSeen;
  }

  private void claimMore() {
    int free = settings.window() - inFlight;
    if (stopped || claiming || free <= 0) {
      return;
    }
    claiming = true;
    moreDue = false;
    long nowMillis = clock.epochMillis();
    store
        .claim(nowMillis, nowMillis + settings.lease().toMillis(), free)
        .onComplete(
            ar -> {
              claiming = false;
              if (ar.succeeded()) {
                storeOk();
                List<AlertStore.Claimed> claimed = ar.result();
                claimed.forEach(this::send);
                if (claimed.size() == free) {
                  moreDue = true;
                }
              } else {
                storeFailed("claiming alerts", ar.cause());
                moreDue = false;
              }
              if (moreDue) {
                claimMore();
              }
              settleDrain();
            });
  }

  private void send(AlertStore.Claimed alert) {
    if (!sending.add(alert.id())) {
      return;
    }
    inFlight++;
    inFlightSeen = inFlight;
    Future<Integer> sent;
    try {
      sent =
          transport.post(
              alert.webhook(),
              alert.id(),
              alert.payload().copy().put("alertId", alert.id().toString()));
    } catch (Throwable t) {
      sent = Future.failedFuture(t);
    }
    sent.onComplete(ar -> settle(alert, ar));
  }

  private void settle(AlertStore.Claimed alert, AsyncResult<Integer> answer) {
    long nowMillis = clock.epochMillis();
    Future<Void> written;
    if (answer.succeeded() && answer.result() / 100 == 2) {
      events.alertDelivered();
      deliveryLog.delivered(alert.webhook());
      written = store.delivered(alert.id(), nowMillis);
    } else {
      String error = answer.succeeded() ? "HTTP " + answer.result() : describe(answer.cause());
      long deadlineMillis = alert.createdAtMillis() + settings.deliveryCap().toMillis();
      // A webhook the target policy refuses stays refused: no retries until the cap.
      boolean refused = answer.failed() && answer.cause() instanceof WebhookRefused;
      if (refused || nowMillis >= deadlineMillis) {
        events.alertUndeliverable();
        deliveryLog.failed(alert.webhook(), error, true);
        written = store.undeliverable(alert.id(), error);
      } else {
        events.alertAttemptFailed();
        deliveryLog.failed(alert.webhook(), error, false);
        long delayMillis =
            Math.max(MIN_RETRY_MILLIS, Backoff.delayMillis(BACKOFF, alert.attempt(), random));
        written =
            store.retryAt(alert.id(), Math.min(deadlineMillis, nowMillis + delayMillis), error);
      }
    }
    written.onComplete(
        ar -> {
          if (ar.failed()) {
            // The lease runs out and the alert is claimed and sent again: at least once.
            storeFailed("recording an alert's delivery", ar.cause());
          }
          sending.remove(alert.id());
          inFlight--;
          inFlightSeen = inFlight;
          if (moreDue) {
            claimMore();
          }
          settleDrain();
        });
  }

  private void settleDrain() {
    if (drained != null && inFlight == 0 && !claiming) {
      drained.tryComplete();
    }
  }

  private void storeOk() {
    if (storeFailing) {
      storeFailing = false;
      log.info("alert deliveries are read from the table again");
    }
  }

  private void storeFailed(String what, Throwable error) {
    if (!storeFailing) {
      storeFailing = true;
      log.warn(
          "{} failed ({}); trying again every {}", what, describe(error), settings.pollInterval());
    }
  }

  private void armPoll() {
    pollTimer =
        timers.schedule(
            settings.pollInterval().toMillis(),
            () -> {
              guarded("alert poll", this::claimMore);
              if (!stopped) {
                armPoll();
              }
            });
  }

  private void armLog() {
    logTimer =
        timers.schedule(
            DeliveryLog.EVERY.toMillis(),
            () -> {
              guarded("alert delivery log", deliveryLog::flush);
              if (!stopped) {
                armLog();
              }
            });
  }

  private void guarded(String where, Runnable task) {
    try {
      task.run();
    } catch (Throwable t) {
      events.unexpected(where, t);
    }
  }

  private static String describe(Throwable error) {
    return error.getMessage() != null ? error.getMessage() : error.getClass().getSimpleName();
  }
}
