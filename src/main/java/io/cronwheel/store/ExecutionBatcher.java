package io.cronwheel.store;

import io.cronwheel.metrics.EngineEvents;
import io.cronwheel.model.Execution;
import io.cronwheel.time.Clock;
import io.cronwheel.time.Timers;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
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
 * a full batch is waiting.
 *
 * <p>A failed statement never holds up the others. How it fails decides ({@link SqlStates}):
 *
 * <ul>
 *   <li><b>The rows are at fault</b> (a data error): the batch is split in halves and each half
 *       written, recursively, until every row is written or is alone and refused; each refused row
 *       is set aside in {@code execution_rejects} ({@link ExecutionWriter#setAside}), counted, and
 *       the whole search is told in one log line. A batch of 2,000 rows with one NUL in a text is
 *       written in about 23 statements, 1,999 rows to {@code executions} and one row aside.
 *   <li><b>Anything else</b> (connection lost, timeout, deadlock, or a fault of the statement or
 *       the database): the batch waits for a retry, 1 s, then doubling up to 5 s, while newer
 *       records keep being written. If a fresh batch fails too, the database is taken to be down
 *       ({@link RetryGate}): one statement at a time, after the same delays, until one succeeds.
 *       Rows are never dropped for such a failure.
 * </ul>
 *
 * <p>Before a batch's first statement its keys are made distinct ({@link DistinctKeys}): a newer
 * record of the same execution replaces the older, and a record of another execution under a key
 * already taken (a manual trigger on a scheduled second) goes in a statement that starts only once
 * this one has ended.
 *
 * <p>Order: each execution is recorded once, when final (sent and answered, or decided not to be
 * sent), by its partition's loop; so a batch waiting for a retry never holds a record that a newer
 * one of the same execution could have overtaken, and statements may end in any order.
 *
 * <p>Memory: the queue holds at most {@code capacity} records, and at most {@code capacity} more
 * may have been taken from it to be written, retried or set aside; beyond that the queue is not
 * drained until they are written, so it fills and producers are held ({@link #hasRoom}) or, at the
 * very end, refused. {@link #backlog} counts both.
 */
public final class ExecutionBatcher implements ExecutionSink {
  private static final Logger log = LoggerFactory.getLogger(ExecutionBatcher.class);
  static final int MAX_STATEMENTS_IN_FLIGHT = 4;

  /**
   * Every-second jobs all fire at the top of the second. Writing their records in the first part of
   * the second would take CPU from the fires themselves, so unless the backlog is large, batches
   * wait until the burst is over.
   */
  static final long QUIET_MILLIS = 300;

  static final Duration RETRY_DELAY = RetryGate.RETRY_DELAY;

  private final ExecutionWriter writer;
  private final EngineEvents events;
  private final Clock clock;
  private final int batchSize;
  private final int capacity;

  /** A backlog this large is written at once, burst or not. */
  private final int highWater;

  private final Duration interval;
  private final MpscArrayQueue<Execution> queue;
  private final AtomicBoolean wakeupPending = new AtomicBoolean();
  private final AtomicLong rejected = new AtomicLong();
  private final List<Promise<Void>> flushWaiters = new ArrayList<>();

  /**
   * Rows taken from the queue and not yet written or set aside; written on the loop, read anywhere.
   */
  private final AtomicLong held = new AtomicLong();

  /** Halves of refused batches and rows deferred behind a key: written before anything else. */
  private final ArrayDeque<PendingBatch> ready = new ArrayDeque<>();

  private final PriorityQueue<PendingBatch> retrying =
      new PriorityQueue<>((a, b) -> Long.signum(a.notBeforeNanos - b.notBeforeNanos));
  private final List<ExecutionReject> toSetAside = new ArrayList<>();
  private final List<ExecutionReject> lost = new ArrayList<>();
  private final RetryGate gate = new RetryGate();
  private final WriteLog writeLog;

  private int statementsInFlight;
  private long intervalTimer = -1;
  // The writing loop's timers, set by start(): also how other threads hand it work.
  private volatile Timers timers;

  public ExecutionBatcher(
      ExecutionWriter writer, EngineEvents events, BatchSettings settings, Clock clock) {
    this.writer = writer;
    this.events = events;
    this.clock = clock;
    this.batchSize = settings.batchSize();
    this.capacity = settings.capacity();
    this.highWater = Math.min(settings.capacity() / 4, settings.batchSize() * 16);
    this.interval = settings.interval();
    this.queue = new MpscArrayQueue<>(settings.capacity());
    this.writeLog = new WriteLog(log, clock);
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

  /** Whether the backlog (queued, retrying and being written) leaves room for more records. */
  @Override
  public boolean hasRoom() {
    return backlog() < queue.capacity() - Math.min(queue.capacity() / 4, 100_000);
  }

  @Override
  public long backlog() {
    return queue.size() + held.get();
  }

  /** Completes once everything recorded so far is written. Call from any thread. */
  @Override
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
      while (statementsInFlight < gate.statementsAllowed(MAX_STATEMENTS_IN_FLIGHT)
          && gate.open(clock.nanoTime())) {
        PendingBatch batch = next();
        if (batch == null) {
          break;
        }
        write(batch);
      }
      if (!lost.isEmpty()) {
        writeLog.lost(lost);
        events.recordsPoisoned(lost.size(), false);
        lost.clear();
      }
      if (statementsInFlight == 0 && queue.isEmpty() && held.get() == 0) {
        flushWaiters.forEach(Promise::tryComplete);
        flushWaiters.clear();
      }
    } catch (Throwable t) {
      events.unexpected("batcher", t);
      log.error("unexpected error draining execution records", t);
    }
  }

  /**
   * What to write next: split halves and deferred rows, then refused rows to set aside, then
   * batches due for a retry and new rows. While the database is suspect, new rows go before
   * retries, so a batch that keeps failing cannot hold up the rest.
   */
  private PendingBatch next() {
    if (!ready.isEmpty()) {
      return ready.poll();
    }
    if (!toSetAside.isEmpty()) {
      List<ExecutionReject> taken =
          new ArrayList<>(toSetAside.subList(0, Math.min(batchSize, toSetAside.size())));
      toSetAside.subList(0, taken.size()).clear();
      return PendingBatch.setAside(taken);
    }
    PendingBatch due = retrying.peek();
    if (due != null && clock.nanoTime() - due.notBeforeNanos < 0) {
      due = null;
    }
    if (gate.suspect()) {
      PendingBatch fresh = fromQueue();
      return fresh != null || due == null ? fresh : retrying.poll();
    }
    return due != null ? retrying.poll() : fromQueue();
  }

  private PendingBatch fromQueue() {
    boolean burst = Math.floorMod(clock.epochMillis(), 1000L) < QUIET_MILLIS;
    int expected = Math.min(batchSize, queue.size());
    if (expected == 0
        || held.get() + expected > capacity
        || (burst && queue.size() < highWater && flushWaiters.isEmpty())) {
      return null;
    }
    // Counted as held before it leaves the queue, so the backlog never reads low meanwhile.
    held.addAndGet(expected);
    List<Execution> rows = new ArrayList<>(expected);
    queue.drain(rows::add, batchSize);
    held.addAndGet(rows.size() - expected);
    return PendingBatch.upsert(rows, false);
  }

  private void write(PendingBatch batch) {
    PendingBatch statement = batch;
    PendingBatch deferred = null;
    if (!batch.distinct) {
      DistinctKeys.Split split = DistinctKeys.split(batch.rows);
      held.addAndGet(-split.superseded());
      statement = PendingBatch.upsert(split.statement(), true);
      statement.attempts = batch.attempts;
      if (!split.deferred().isEmpty()) {
        deferred = PendingBatch.upsert(split.deferred(), false);
      }
    }
    statementsInFlight++;
    long startNanos = clock.nanoTime();
    Future<Integer> result;
    try {
      result =
          statement.kind == PendingBatch.Kind.UPSERT
              ? writer.upsert(statement.rows)
              : writer.setAside(statement.rejects);
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    PendingBatch written = statement;
    PendingBatch behind = deferred;
    result.onComplete(ar -> ended(written, behind, startNanos, ar));
  }

  private void ended(
      PendingBatch batch, PendingBatch deferred, long startNanos, AsyncResult<Integer> ar) {
    try {
      statementsInFlight--;
      if (deferred != null) {
        ready.add(deferred);
      }
      if (ar.succeeded()) {
        written(batch, startNanos);
      } else {
        events.batchFailed(batch.size(), ar.cause());
        if (SqlStates.blamesRows(ar.cause())) {
          gate.answered();
          refused(batch, ar.cause());
        } else {
          retryLater(batch, ar.cause());
        }
      }
    } catch (Throwable t) {
      events.unexpected("batcher", t);
      log.error("unexpected error after writing execution records", t);
    }
    drain();
  }

  private void written(PendingBatch batch, long startNanos) {
    gate.answered();
    held.addAndGet(-batch.size());
    if (batch.kind == PendingBatch.Kind.UPSERT) {
      events.batchWritten(batch.size(), clock.nanoTime() - startNanos);
    } else {
      events.recordsPoisoned(batch.size(), true);
    }
    if (batch.bisection != null) {
      batch.bisection.written();
      searched(batch.bisection);
    }
    if (retrying.isEmpty()) {
      writeLog.recovered();
    }
  }

  /** The rows themselves were refused: split the batch, or set its one row aside. */
  private void refused(PendingBatch batch, Throwable cause) {
    String sqlState = SqlStates.sqlState(cause);
    String message = String.valueOf(cause.getMessage());
    if (batch.size() > 1) {
      PendingBatch parts = batch;
      if (batch.bisection == null && batch.kind == PendingBatch.Kind.UPSERT) {
        parts = batch.within(new Bisection(batch.size(), message, clock.nanoTime()));
      }
      if (parts.bisection != null) {
        parts.bisection.split();
      }
      ready.addFirst(parts.half(false));
      ready.addFirst(parts.half(true));
      return;
    }
    if (batch.kind == PendingBatch.Kind.SET_ASIDE) {
      held.addAndGet(-1);
      ExecutionReject reject = batch.rejects.get(0);
      lost.add(
          new ExecutionReject(
              reject.execution(),
              reject.sqlState(),
              reject.error() + "; setting it aside failed too: " + message));
      return;
    }
    Execution row = batch.rows.get(0);
    toSetAside.add(new ExecutionReject(row, sqlState, message));
    if (batch.bisection != null) {
      batch.bisection.isolated(row.id());
      searched(batch.bisection);
    } else {
      writeLog.refusedAlone(row, message);
    }
  }

  private void searched(Bisection bisection) {
    if (bisection.done()) {
      writeLog.searched(bisection);
    }
  }

  private void retryLater(PendingBatch batch, Throwable cause) {
    long now = clock.nanoTime();
    boolean fresh = batch.attempts == 0;
    batch.attempts++;
    Duration delay = RetryGate.delay(batch.attempts);
    batch.notBeforeNanos = now + delay.toNanos();
    gate.failed(now, fresh);
    retrying.add(batch);
    writeLog.failed(batch.size(), cause, delay, retrying.size());
    // Timers of their own: during a stop the interval is already cancelled.
    timers.schedule(delay.toMillis(), this::drain);
    long gateMillis = (gate.openAtNanos() - now + 999_999) / 1_000_000;
    if (gate.suspect() && gateMillis > 0) {
      timers.schedule(gateMillis, this::drain);
    }
  }
}
