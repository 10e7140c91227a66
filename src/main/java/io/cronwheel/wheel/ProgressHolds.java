package io.cronwheel.wheel;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Seconds the partition's progress mark must not pass yet, because a restart would have nothing
 * else to find them by: an at-least-once fire handed out before its claim was confirmed (or after
 * it failed), until the claim is won or the execution is final; and a fire queued behind a running
 * execution of its job, until it is sent. Everything else handed out has a row in {@code
 * executions} (its claim or its final record) that recovery finds.
 *
 * <p>Not thread-safe: one partition's loop.
 */
final class ProgressHolds {
  private final Map<UUID, Long> secondByExecution = new HashMap<>();
  private final TreeMap<Long, Integer> countBySecond = new TreeMap<>();

  void hold(UUID executionId, long epochSecond) {
    if (secondByExecution.putIfAbsent(executionId, epochSecond) == null) {
      countBySecond.merge(epochSecond, 1, Integer::sum);
    }
  }

  void release(UUID executionId) {
    if (secondByExecution.isEmpty()) {
      return;
    }
    Long second = secondByExecution.remove(executionId);
    if (second != null) {
      countBySecond.computeIfPresent(second, (s, n) -> n == 1 ? null : n - 1);
    }
  }

  /** The highest mark allowed: one before the earliest held second, or {@code upTo}. */
  long limit(long upTo) {
    return countBySecond.isEmpty() ? upTo : Math.min(upTo, countBySecond.firstKey() - 1);
  }

  int size() {
    return secondByExecution.size();
  }
}
