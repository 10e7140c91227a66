package io.cronwheel.store;

import java.time.Duration;

/**
 * Whether the database is taking writes, as the last statements tell it. A fresh batch that fails
 * in a way worth retrying makes it suspect: from then on one statement at a time until one
 * succeeds. The first goes at once (one failed batch must not hold up the others), each further one
 * after a delay that doubles with each failure ({@link #RETRY_DELAY} up to {@link
 * #MAX_RETRY_DELAY}), so a database that is down sees one attempt every few seconds. A retried
 * batch that fails again while others succeed says nothing about the database and leaves the gate
 * open. Pure; not thread-safe.
 *
 * <p>Example, the database down at 0 s: a batch fails (suspect), a new batch is tried at once and
 * fails, the next at 1 s, 3 s, 7 s, 12 s, 17 s...; it comes back at 14 s: the attempt at 17 s
 * succeeds and all statements go again.
 */
final class RetryGate {
  static final Duration RETRY_DELAY = Duration.ofSeconds(1);
  static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(5);

  private int failures;
  private long openAtNanos;

  /** The delay before the {@code attempt}-th retry (1 for the first). */
  static Duration delay(int attempt) {
    int doublings = Math.min(Math.max(0, attempt - 1), 16);
    Duration delay = RETRY_DELAY.multipliedBy(1L << doublings);
    return delay.compareTo(MAX_RETRY_DELAY) > 0 ? MAX_RETRY_DELAY : delay;
  }

  /** Whether the last statement to end failed and none has succeeded since. */
  boolean suspect() {
    return failures > 0;
  }

  /** Statements that may be in flight at once. */
  int statementsAllowed(int healthy) {
    return failures > 0 ? 1 : healthy;
  }

  /** Whether a statement may start at {@code nowNanos}. */
  boolean open(long nowNanos) {
    return failures == 0 || nowNanos - openAtNanos >= 0;
  }

  /** When the gate opens ({@code nanoTime}); meaningful only while {@link #suspect}. */
  long openAtNanos() {
    return openAtNanos;
  }

  /** The database answered: a statement succeeded, or refused rows for what they hold. */
  void answered() {
    failures = 0;
  }

  /**
   * A statement failed and will be retried.
   *
   * @param fresh whether it was the rows' first attempt
   */
  void failed(long nowNanos, boolean fresh) {
    if (failures == 0 && !fresh) {
      return;
    }
    failures++;
    openAtNanos = failures == 1 ? nowNanos : nowNanos + delay(failures - 1).toNanos();
  }
}
