package io.cronwheel.dispatch;

import io.cronwheel.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The target hosts the engine talks to, each with its shared {@link Host} state. Bounded: a host
 * unused for {@link #IDLE_EVICTION} with nothing in flight and a closed circuit is forgotten by
 * {@link #evictIdle}, which the engine runs every minute, so a million jobs each aimed at a host of
 * its own once do not keep a million breakers. Thread-safe.
 */
public final class Hosts {
  public static final Duration IDLE_EVICTION = Duration.ofMinutes(10);

  private final ConcurrentHashMap<String, Host> hosts = new ConcurrentHashMap<>();
  private final BreakerSettings breakerSettings;
  private final Clock clock;

  public Hosts(BreakerSettings breakerSettings, Clock clock) {
    this.breakerSettings = breakerSettings;
    this.clock = clock;
  }

  /** The host's shared state, created on first use. */
  public Host get(String key) {
    Host host = hosts.get(key);
    if (host == null) {
      host = hosts.computeIfAbsent(key, k -> new Host(k, breakerSettings, clock));
    }
    host.touch(clock.nanoTime());
    return host;
  }

  public int size() {
    return hosts.size();
  }

  /** Forgets idle hosts; returns how many. */
  public int evictIdle() {
    long since = clock.nanoTime() - IDLE_EVICTION.toNanos();
    int before = hosts.size();
    hosts.values().removeIf(host -> host.idleSince(since));
    return before - hosts.size();
  }
}
