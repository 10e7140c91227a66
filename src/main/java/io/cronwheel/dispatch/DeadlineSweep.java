package io.cronwheel.dispatch;

import io.cronwheel.time.Clock;
import io.cronwheel.time.Timers;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Requests waiting for their answer, by deadline. One timer per partition sweeps them every {@link
 * #SWEEP_MS} instead of one timer per request (those timers were a few per cent of the engine's CPU
 * at 20,000 fires/s). Requests with the same timeout are queued in the order they left, so their
 * deadlines ascend and a sweep only looks at each queue's head; an answered request is simply
 * skipped when it reaches the head. A deadline is honoured up to one sweep late.
 *
 * <p>Not thread-safe: one partition's loop.
 */
final class DeadlineSweep {
  static final long SWEEP_MS = 50;

  /** A request the sweep may have to give up on. */
  interface Pending {
    boolean answered();

    /** Called once when the deadline passes before an answer. */
    void deadlinePassed();
  }

  private record Entry(long deadlineNanos, Pending pending) {}

  private final Clock clock;
  private final Timers timers;
  private final Map<Long, ArrayDeque<Entry>> byTimeout = new HashMap<>();
  private long timerId = -1;

  DeadlineSweep(Clock clock, Timers timers) {
    this.clock = clock;
    this.timers = timers;
  }

  void add(long timeoutMs, Pending pending) {
    byTimeout
        .computeIfAbsent(timeoutMs, t -> new ArrayDeque<>())
        .addLast(new Entry(clock.nanoTime() + timeoutMs * 1_000_000, pending));
    if (timerId < 0) {
      timerId = timers.schedule(SWEEP_MS, this::sweep);
    }
  }

  void cancel() {
    timers.cancel(timerId);
    timerId = -1;
  }

  private void sweep() {
    timerId = -1;
    long now = clock.nanoTime();
    Iterator<ArrayDeque<Entry>> queues = byTimeout.values().iterator();
    while (queues.hasNext()) {
      ArrayDeque<Entry> queue = queues.next();
      Entry head;
      while ((head = queue.peekFirst()) != null
          && (head.pending.answered() || now - head.deadlineNanos >= 0)) {
        queue.pollFirst();
        if (!head.pending.answered()) {
          head.pending.deadlinePassed();
        }
      }
      if (queue.isEmpty()) {
        queues.remove();
      }
    }
    if (!byTimeout.isEmpty()) {
      timerId = timers.schedule(SWEEP_MS, this::sweep);
    }
  }
}
