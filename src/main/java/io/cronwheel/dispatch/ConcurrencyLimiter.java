package io.cronwheel.dispatch;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps requests in flight, globally and per target host, with limits that can change while the
 * engine runs. Shared by every partition: permits are atomic counters (the per-host one lives on
 * the {@link Host}), never locks. A partition that cannot get a permit parks the attempt and
 * registers a wake-up; every released permit wakes the registered partitions, which try again on
 * their own event loops. A partition registers before it re-checks, so a permit released in between
 * is never missed.
 */
public final class ConcurrencyLimiter {
  public static final int DEFAULT_GLOBAL_LIMIT = 100_000;
  public static final int DEFAULT_PER_HOST_LIMIT = 10_000;

  private final AtomicInteger global = new AtomicInteger();
  private final CopyOnWriteArrayList<Runnable> wakeups = new CopyOnWriteArrayList<>();
  private volatile int globalLimit;
  private volatile int perHostLimit;

  public ConcurrencyLimiter(int globalLimit, int perHostLimit) {
    this.globalLimit = globalLimit;
    this.perHostLimit = perHostLimit;
  }

  public int globalLimit() {
    return globalLimit;
  }

  public int perHostLimit() {
    return perHostLimit;
  }

  public int inFlight() {
    return global.get();
  }

  /** New limits apply to the next acquisitions; parked attempts are woken in case they now fit. */
  public void setLimits(int newGlobalLimit, int newPerHostLimit) {
    this.globalLimit = newGlobalLimit;
    this.perHostLimit = newPerHostLimit;
    wakeAll();
  }

  public boolean tryAcquire(Host host) {
    if (global.incrementAndGet() > globalLimit) {
      global.decrementAndGet();
      return false;
    }
    if (host.inFlight.incrementAndGet() > perHostLimit) {
      host.inFlight.decrementAndGet();
      global.decrementAndGet();
      return false;
    }
    return true;
  }

  /** Whether a permit for this host could be had now (without taking it). */
  public boolean hasRoom(Host host) {
    return global.get() < globalLimit && host.inFlight.get() < perHostLimit;
  }

  public void release(Host host) {
    host.inFlight.decrementAndGet();
    global.decrementAndGet();
    if (!wakeups.isEmpty()) {
      wakeAll();
    }
  }

  /** Registers a partition's wake-up while it has parked attempts. */
  public void parked(Runnable wakeup) {
    wakeups.addIfAbsent(wakeup);
  }

  public void unparked(Runnable wakeup) {
    wakeups.remove(wakeup);
  }

  private void wakeAll() {
    for (Runnable wakeup : wakeups) {
      wakeup.run();
    }
  }
}
