package io.cronwheel.dispatch;

import io.cronwheel.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every partition shares about one target host ({@code host:port}): its circuit breaker, the
 * requests holding a concurrency permit for it, and the connections being opened to it. Lock-free:
 * atomics only, so partitions on different event loops never wait for each other.
 */
public final class Host {
  private final String key;
  private final HostBreaker breaker;
  final AtomicInteger inFlight = new AtomicInteger();
  final AtomicInteger connecting = new AtomicInteger();
  private volatile long lastUsedNanos;

  Host(String key, BreakerSettings breakerSettings, Clock clock) {
    this.key = key;
    this.breaker = new HostBreaker(key, breakerSettings, clock);
    this.lastUsedNanos = clock.nanoTime();
  }

  public String key() {
    return key;
  }

  HostBreaker breaker() {
    return breaker;
  }

  /** Requests to this host holding a concurrency permit now. */
  public int inFlight() {
    return inFlight.get();
  }

  void touch(long nowNanos) {
    lastUsedNanos = nowNanos;
  }

  /**
   * Nothing in flight or being connected, a closed circuit, and unused since {@code sinceNanos}.
   */
  boolean idleSince(long sinceNanos) {
    return inFlight.get() == 0
        && connecting.get() == 0
        && breaker.isClosed()
        && lastUsedNanos - sinceNanos < 0;
  }
}
