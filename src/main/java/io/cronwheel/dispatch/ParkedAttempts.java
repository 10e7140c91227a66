package io.cronwheel.dispatch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One partition's attempts waiting for a concurrency permit, in a queue per target host, so that
 * one host at its cap holds up no other: draining walks the hosts in turn and skips a host whose
 * head cannot go. Within a host, attempts go in the order they came. Each waits at most until its
 * own deadline. Not thread-safe: one partition's loop.
 */
final class ParkedAttempts<T extends ParkedAttempts.Parked> {
  /** What a parked attempt tells the queue. */
  interface Parked {
    Host host();

    /** Monotonic nanos after which the attempt stops waiting. */
    long parkedUntilNanos();
  }

  private final Map<String, ArrayDeque<T>> byHost = new HashMap<>();
  private int size;

  boolean isEmpty() {
    return size == 0;
  }

  int size() {
    return size;
  }

  /** Whether attempts for this host are already waiting (a new one must queue behind them). */
  boolean hasWaiting(Host host) {
    return byHost.containsKey(host.key());
  }

  void park(T attempt) {
    byHost.computeIfAbsent(attempt.host().key(), k -> new ArrayDeque<>()).addLast(attempt);
    size++;
  }

  /**
   * Takes, from each host's queue, the attempts at its head for which {@code permit} grants a
   * permit, oldest first; a host whose head gets none stays blocked for now and the other hosts go
   * on. Returns the attempts taken, to be sent by the caller: nothing is sent during the walk, so
   * whatever sending triggers may park new attempts safely.
   */
  List<T> takeReady(Predicate<T> permit) {
    List<T> ready = new ArrayList<>();
    Iterator<Map.Entry<String, ArrayDeque<T>>> hosts = byHost.entrySet().iterator();
    while (hosts.hasNext()) {
      ArrayDeque<T> queue = hosts.next().getValue();
      while (!queue.isEmpty() && permit.test(queue.peekFirst())) {
        ready.add(queue.pollFirst());
        size--;
      }
      if (queue.isEmpty()) {
        hosts.remove();
      }
    }
    return ready;
  }

  /** Removes and returns every attempt whose deadline has passed. */
  List<T> takeExpired(long nowNanos) {
    List<T> expired = new ArrayList<>();
    Iterator<Map.Entry<String, ArrayDeque<T>>> hosts = byHost.entrySet().iterator();
    while (hosts.hasNext()) {
      ArrayDeque<T> queue = hosts.next().getValue();
      Iterator<T> it = queue.iterator();
      while (it.hasNext()) {
        T attempt = it.next();
        if (nowNanos - attempt.parkedUntilNanos() >= 0) {
          it.remove();
          size--;
          expired.add(attempt);
        }
      }
      if (queue.isEmpty()) {
        hosts.remove();
      }
    }
    return expired;
  }
}
