package io.cronwheel.alert;

import io.cronwheel.metrics.EngineEvents;
import io.cronwheel.time.Timers;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jctools.queues.MpscArrayQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores raised alerts in the table, in batches, from one loop. Producers ({@link AlertTracker} on
 * any loop) {@link #offer} into a bounded JCTools queue; the loop moves them into a bounded buffer
 * and writes one statement at a time. While the database refuses them the buffer holds on to them
 * and the statement is retried every second; when it is full the oldest alert goes, counted in
 * {@code cronwheel_alerts_dropped_total{reason="buffer_full"}}. Memory is {@code queueCapacity +
 * bufferCapacity} alerts at most, whatever the database does.
 */
public final class AlertWriter {
  private static final Logger log = LoggerFactory.getLogger(AlertWriter.class);
  public static final int DEFAULT_QUEUE_CAPACITY = 8192;
  public static final int DEFAULT_BUFFER_CAPACITY = 8192;
  static final int BATCH = 500;
  static final Duration RETRY_DELAY = Duration.ofSeconds(1);

  private final AlertStore store;
  private final EngineEvents events;
  private final MpscArrayQueue<NewAlert> queue;
  private final ArrayDeque<NewAlert> buffer = new ArrayDeque<>();
  private final int bufferCapacity;
  private final AtomicBoolean wakeupPending = new AtomicBoolean();
  private final AtomicLong dropped = new AtomicLong();
  // Written on the loop, read by the gauge anywhere.
  private final AtomicInteger held = new AtomicInteger();
  private final List<Promise<Void>> flushWaiters = new ArrayList<>();
  private volatile Timers timers;
  private Runnable onStored = () -> {};
  private boolean writing;
  private int writingCount;
  private boolean failing;
  private long retryTimer = -1;

  public AlertWriter(AlertStore store, EngineEvents events, int queueCapacity, int bufferCapacity) {
    this.store = store;
    this.events = events;
    this.queue = new MpscArrayQueue<>(queueCapacity);
    this.bufferCapacity = bufferCapacity;
  }

  /**
   * Writes on the loop these timers belong to; {@code stored} runs there after each stored batch.
   */
  public void start(Timers loopTimers, Runnable stored) {
    this.onStored = stored;
    this.timers = loopTimers;
    loopTimers.runSoon(this::drain);
  }

  /** Completes once everything offered so far is stored, or after the next failed statement. */
  public Future<Void> stop() {
    Promise<Void> promise = Promise.promise();
    timers.runSoon(
        () -> {
          flushWaiters.add(promise);
          if (retryTimer >= 0) {
            timers.cancel(retryTimer);
            retryTimer = -1;
          }
          drain();
        });
    return promise.future().onComplete(ar -> logUnstored());
  }

  /** Queues an alert to be stored; false if the queue is full (counted). Any thread; no block. */
  public boolean offer(NewAlert alert) {
    if (!queue.offer(alert)) {
      drop(1);
      return false;
    }
    Timers loop = timers;
    if (loop != null && wakeupPending.compareAndSet(false, true)) {
      loop.runSoon(
          () -> {
            wakeupPending.set(false);
            drain();
          });
    }
    return true;
  }

  /** Alerts raised and not stored yet. */
  public long backlog() {
    return (long) queue.size() + held.get();
  }

  private void drain() {
    try {
      NewAlert next;
      while ((next = queue.poll()) != null) {
        if (buffer.size() >= bufferCapacity) {
          buffer.pollFirst();
          drop(1);
        }
        buffer.addLast(next);
      }
      if (!writing && retryTimer < 0 && !buffer.isEmpty()) {
        List<NewAlert> batch = new ArrayList<>(Math.min(BATCH, buffer.size()));
        while (batch.size() < BATCH && !buffer.isEmpty()) {
          batch.add(buffer.pollFirst());
        }
        write(batch);
      }
      held.set(buffer.size() + writingCount);
      if (!writing && buffer.isEmpty() && queue.isEmpty()) {
        completeFlush();
      }
    } catch (Throwable t) {
      events.unexpected("alert writer", t);
    }
  }

  private void write(List<NewAlert> batch) {
    writing = true;
    writingCount = batch.size();
    store
        .insert(batch)
        .onComplete(
            ar -> {
              writing = false;
              writingCount = 0;
              if (ar.succeeded()) {
                if (failing) {
                  log.info("alerts are stored again");
                  failing = false;
                }
                onStored.run();
              } else {
                for (int i = batch.size() - 1; i >= 0; i--) {
                  buffer.addFirst(batch.get(i));
                }
                if (!failing) {
                  log.warn(
                      "alerts cannot be stored ({}); holding up to {} in memory, retrying every {}"
                          + " ms",
                      ar.cause().getMessage(),
                      bufferCapacity,
                      RETRY_DELAY.toMillis());
                  failing = true;
                }
                completeFlush();
                retryTimer =
                    timers.schedule(
                        RETRY_DELAY.toMillis(),
                        () -> {
                          retryTimer = -1;
                          drain();
                        });
              }
              drain();
            });
  }

  private void completeFlush() {
    flushWaiters.forEach(Promise::tryComplete);
    flushWaiters.clear();
  }

  private void drop(int count) {
    long total = dropped.addAndGet(count);
    events.alertsDropped(count);
    if (Long.bitCount(total) == 1) {
      log.error("alert buffer is full: {} alert(s) dropped so far, oldest first", total);
    }
  }

  private void logUnstored() {
    long left = backlog();
    if (left > 0) {
      log.warn("stopping with {} alert(s) not stored: they are lost", left);
    }
  }
}
