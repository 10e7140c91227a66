package io.cronwheel.store;

import io.cronwheel.metrics.EngineEvents;
import io.cronwheel.model.Execution;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
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
 * queue is a {@code false} that is counted and logged, never a block. The writer runs on this
 * verticle's own event loop: every {@code interval}, or as soon as a full batch is waiting. A batch
 * the database refuses is kept and retried, oldest first, so a database outage delays records but
 * does not lose them while the queue has room.
 */
public final class ExecutionBatcher extends VerticleBase implements ExecutionSink {
  private static final Logger log = LoggerFactory.getLogger(ExecutionBatcher.class);
  private static final int MAX_STATEMENTS_IN_FLIGHT = 4;

  /**
   * Every-second jobs all fire at the top of the second. Writing their records in the first part of
   * the second would take CPU from the fires themselves, so unless the backlog is large, batches
   * wait until the burst is over.
   */
  static final long QUIET_MILLIS = 300;

  private static final Duration RETRY_DELAY = Duration.ofSeconds(1);

  private final PgExecutionStore store;
  private final EngineEvents events;
  private final int batchSize;

  /** A backlog this large is written at once, burst or not. */
  private final int highWater;

  private final Duration interval;
  private final MpscArrayQueue<Execution> queue;
  private final AtomicBoolean wakeupPending = new AtomicBoolean();
  private final AtomicLong rejected = new AtomicLong();
  private final ArrayDeque<List<Execution>> failed = new ArrayDeque<>();
  private final List<Promise<Void>> flushWaiters = new ArrayList<>();

  /**
   * Rows of failed batches waiting for their retry; written on the batcher's loop, read by gauges
   * anywhere.
   */
  private final AtomicLong retryingRows = new AtomicLong();

  private int statementsInFlight;
  private long retryNotBeforeNanos;
  private long timerId = -1;

  public ExecutionBatcher(
      PgExecutionStore store, EngineEvents events, int batchSize, Duration interval, int capacity) {
    this.store = store;
    this.events = events;
    this.batchSize = batchSize;
    this.highWater = Math.min(capacity / 4, batchSize * 16);
    this.interval = interval;
    this.queue = new MpscArrayQueue<>(capacity);
  }

  @Override
  public Future<?> start() {
    timerId = vertx.setPeriodic(interval.toMillis(), id -> drain());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timerId);
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
    if (queue.size() >= highWater && context != null && wakeupPending.compareAndSet(false, true)) {
      context.runOnContext(
          v -> {
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
    context.runOnContext(
        v -> {
          flushWaiters.add(promise);
          drain();
        });
    return promise.future();
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
    boolean burst = Math.floorMod(System.currentTimeMillis(), 1000L) < QUIET_MILLIS;
    if (burst && queue.size() < highWater && flushWaiters.isEmpty()) {
      return null;
    }
    if (!failed.isEmpty()) {
      if (System.nanoTime() - retryNotBeforeNanos < 0 || statementsInFlight > 0) {
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
    long startNanos = System.nanoTime();
    store
        .upsert(batch)
        .onComplete(
            ar -> {
              statementsInFlight--;
              if (ar.succeeded()) {
                events.batchWritten(batch.size(), System.nanoTime() - startNanos);
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
                retryNotBeforeNanos = System.nanoTime() + RETRY_DELAY.toNanos();
                // Retry on a timer of its own: during a stop the periodic drain is already
                // cancelled.
                vertx.setTimer(RETRY_DELAY.toMillis(), id -> drain());
              }
              drain();
            });
  }
}
