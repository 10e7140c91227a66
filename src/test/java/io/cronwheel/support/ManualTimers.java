package io.cronwheel.support;

import io.cronwheel.time.Timers;
import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * {@link Timers} in virtual time, over a {@link ManualClock}: nothing runs until the test says so.
 * {@link #advance} moves the clock forward, running each timer at its own deadline (in deadline
 * order) and the tasks handed over with {@code runSoon} in between, the way an event loop would;
 * {@link #runPending} runs only the latter.
 */
public final class ManualTimers implements Timers {
  private record Task(long id, long dueNanos, Runnable action) {}

  private final ManualClock clock;
  private final PriorityQueue<Task> timers =
      new PriorityQueue<>(
          (a, b) ->
              a.dueNanos != b.dueNanos
                  ? Long.compare(a.dueNanos, b.dueNanos)
                  : Long.compare(a.id, b.id));
  private final ConcurrentLinkedQueue<Runnable> soon = new ConcurrentLinkedQueue<>();
  private long nextId = 1;

  public ManualTimers(ManualClock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized long schedule(long delayMs, Runnable task) {
    long id = nextId++;
    timers.add(new Task(id, clock.nanoTime() + Math.max(1, delayMs) * 1_000_000, task));
    return id;
  }

  @Override
  public synchronized void cancel(long timerId) {
    timers.removeIf(t -> t.id == timerId);
  }

  @Override
  public void runSoon(Runnable task) {
    soon.add(task);
  }

  /**
   * Runs the tasks handed over with {@code runSoon}, and those they hand over, until none is left.
   */
  public void runPending() {
    Runnable task;
    while ((task = soon.poll()) != null) {
      task.run();
    }
  }

  /**
   * Moves time forward by {@code duration}, running every task that falls due on the way, in order.
   */
  public void advance(Duration duration) {
    long targetNanos = clock.nanoTime() + duration.toNanos();
    runPending();
    Task next;
    while ((next = nextDueBy(targetNanos)) != null) {
      clock.advance(Duration.ofNanos(next.dueNanos - clock.nanoTime()));
      next.action.run();
      runPending();
    }
    clock.advance(Duration.ofNanos(targetNanos - clock.nanoTime()));
    runPending();
  }

  /** Moves the wall clock forward to {@code instant} (see {@link #advance}). */
  public void advanceTo(Instant instant) {
    advance(Duration.ofMillis(instant.toEpochMilli() - clock.epochMillis()));
  }

  /** Timers scheduled and not yet run or cancelled. */
  public synchronized int scheduled() {
    return timers.size();
  }

  private synchronized Task nextDueBy(long targetNanos) {
    Task head = timers.peek();
    if (head == null || head.dueNanos - targetNanos > 0) {
      return null;
    }
    return timers.poll();
  }
}
