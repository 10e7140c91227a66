package io.cronwheel.store;

import io.cronwheel.metrics.EngineEvents;
import io.cronwheel.model.Execution;
import io.cronwheel.time.Clock;
import io.cronwheel.time.Timers;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jctools.queues.MpscArrayQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects execution records from every event loop into one bounded lock-free queue and writes them
 * in batches of up to {@code batchSize} rows, one statement per batch, with a few statements in
 * flight at once.
 *
 * <p>Producers call {@link #record} from any thread: it is a JCTools {@code offer}, and a full
 * queue is a {@code false} that is counted and logged, never a block. The writing runs on one event
 * loop, the one whose {@link Timers} {@link #start} is given: every {@code interval}, or as soon as
 * a full batch is waiting. A batch the database refuses is kept and retried, oldest first, so a
 * database outage delays records but does not lose them while the queue has room.
 */
public final class ExecutionBatcher implements ExecutionSink {
  private static final Logger log = LoggerFactory.getLogger(ExecutionBatcher.class);
  private static final int MAX_STATEMENTS_IN_FLIGHT = 4;

  /**
   * Every-second jobs all fire at the top of the second. Writing their records in the first part of
   * the second would take CPU from the fires themselves, so unless the backlog is large, batches
   * wait until the burst is over.
   */
  static final long QUIET_MILLIS = 300;

  static final Duration RETRY_DELAY = Duration.ofSeconds(1);

  private final ExecutionWriter writer;
  private final EngineEvents events;
  private final Clock clock;
  private final int batchSize;

  /** A backlog this large is written at once, burst or not. */
  private final int highWater;

  private final Duration interval;
  private final MpscArrayQueue<Execution> queue;
  private final AtomicBoolean wakeupPending = new AtomicBoolean();
  private final AtomicLong rejected = new AtomicLong();
  private final ArrayDeque<List<Execution>> failed = new ArrayDeque<>();
  private final List<Promise<Void>> flushWaiters = new ArrayList<>();

  /** Rows of failed batches waiting for a retry; written on the loop, read by gauges anywhere. */
  private final AtomicLong retryingRows = new AtomicLong();

  private int statementsInFlight;
  private long retryNotBeforeNanos;
  private long intervalTimer = -1;
  // The writing loop's timers, set by start(): also how other threads hand it work.
  private volatile Timers timers;

  public ExecutionBatcher(
      ExecutionWriter writer, EngineEvents events, BatchSettings settings, Clock clock) {
    this.writer = writer;
    this.events = events;
    this.clock = clock;
    this.batchSize = settings.batchSize();
    this.highWater = Math.min(settings.capacity() / 4, settings.batchSize() * 16);
    this.interval = settings.interval();
    this.queue = new MpscArrayQueue<>(settings.capacity());
  }

  /** Starts writing on the loop these timers belong to: every interval, and whenever woken. */
  public void start(Timers loopTimers) {
    this.timers = loopTimers;
    armInterval();
  }

  /** Stops the interval and completes once everything recorded so far is written. */
  public Future<Void> stop() {
    timers.cancel(intervalTimer);
    intervalTimer = -1;
    return flush();
  }

  @Override
  public boolean record(Execution execution) {
    if (!queue.offer(execution)) {
      long total = rejected.incrementAndGet();
      events.recordsRejected(1);
      if (Long.bitCount(total) == 1) {
        log.error(
            "execution record queue is full ({} rows): {} record(s) rejected so far, latest job {} "
                + "execution {}",
            queue.capacity(),
            total,
            execution.jobId(),
            execution.id());
      }
      return false;
    }
    Timers loop = timers;
    if (queue.size() >= highWater && loop != null && wakeupPending.compareAndSet(false, true)) {
      loop.runSoon(
          () -> {
            wakeupPending.set(false);
            drain();
          });
    }
    return true;
  }

  @Override
  public boolean hasRoom() {
    return queue.size() < queue.capacity() - Math.min(queue.capacity() / 4, 100_000);
  }

  @Override
  public long backlog() {
    return queue.size() + retryingRows.get();
  }

  /** Completes once everything recorded so far is written. Call from any thread. */
  public Future<Void> flush() {
    Promise<Void> promise = Promise.promise();
    timers.runSoon(
        () -> {
          flushWaiters.add(promise);
          drain();
        });
    return promise.future();
  }

  private void armInterval() {
    intervalTimer =
        timers.schedule(
            interval.toMillis(),
            () -> {
              drain();
              if (intervalTimer >= 0) {
                armInterval();
              }
            });
  }

  private void drain() {
    try {
      while (statementsInFlight < MAX_STATEMENTS_IN_FLIGHT) {
        List<Execution> batch = nextBatch();
        if (batch == null) {
          break;
        }
        write(batch);
      }
      if (statementsInFlight == 0
          && queue.isEmpty()
          && failed.isEmpty()
          && !flushWaiters.isEmpty()) {
        flushWaiters.forEach(Promise::tryComplete);
        flushWaiters.clear();
      }
    } catch (Throwable t) {
      events.unexpected("batcher", t);
      log.error("unexpected error draining execution records", t);
    }
  }

  private List<Execution> nextBatch() {
    boolean burst = Math.floorMod(clock.epochMillis(), 1000L) < QUIET_MILLIS;
    if (burst && queue.size() < highWater && flushWaiters.isEmpty()) {
      return null;
    }
    if (!failed.isEmpty()) {
      if (clock.nanoTime() - retryNotBeforeNanos < 0 || statementsInFlight > 0) {
        return null;
      }
      List<Execution> batch = failed.poll();
      retryingRows.addAndGet(-batch.size());
      return batch;
    }
    if (queue.isEmpty()) {
      return null;
    }
    List<Execution> batch = new ArrayList<>(Math.min(batchSize, queue.size()));
    queue.drain(batch::add, batchSize);
    return batch;
  }

  private void write(List<Execution> batch) {
    statementsInFlight++;
    long startNanos = clock.nanoTime();
    writer
        .upsert(batch)
        .onComplete(
            ar -> {
              statementsInFlight--;
              if (ar.succeeded()) {
                events.batchWritten(batch.size(), clock.nanoTime() - startNanos);
              } else {
                events.batchFailed(batch.size(), ar.cause());
                if (failed.isEmpty()) {
                  log.warn(
                      "writing {} execution record(s) failed, will retry: {}",
                      batch.size(),
                      ar.cause().getMessage());
                }
                failed.add(batch);
                retryingRows.addAndGet(batch.size());
                retryNotBeforeNanos = clock.nanoTime() + RETRY_DELAY.toNanos();
                // A timer of its own: during a stop the interval is already cancelled.
                timers.schedule(RETRY_DELAY.toMillis(), this::drain);
              }
              drain();
            });
  }
}
