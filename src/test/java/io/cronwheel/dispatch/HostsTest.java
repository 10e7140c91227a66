package io.cronwheel.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronwheel.support.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HostsTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final Hosts hosts = new Hosts(BreakerSettings.DEFAULTS, clock);

  @Test
  void get_sharesOneStatePerHost() {
    assertThat(hosts.get("a:80")).isSameAs(hosts.get("a:80"));
    assertThat(hosts.get("a:80")).isNotSameAs(hosts.get("b:80"));
  }

  @Test
  void evictIdle_forgetsHostsUnusedForTheIdleTimeButNotBusyOnes() {
    ConcurrencyLimiter limiter = new ConcurrencyLimiter(100, 100);
    hosts.get("idle:80");
    Host busy = hosts.get("busy:80");
    limiter.tryAcquire(busy);
    clock.advance(Hosts.IDLE_EVICTION.minusSeconds(1));
    assertThat(hosts.evictIdle()).isZero();

    clock.advance(Duration.ofSeconds(2));
    assertThat(hosts.evictIdle()).isEqualTo(1);
    assertThat(hosts.size()).as("the host with a request in flight stays").isEqualTo(1);

    limiter.release(busy);
    clock.advance(Hosts.IDLE_EVICTION.plusSeconds(1));
    assertThat(hosts.evictIdle()).isEqualTo(1);
    assertThat(hosts.size()).isZero();
  }

  @Test
  void manyOneOffHosts_doNotAccumulate() {
    for (int i = 0; i < 10_000; i++) {
      hosts.get("host-" + i + ":80");
    }
    clock.advance(Hosts.IDLE_EVICTION.plusSeconds(1));
    hosts.evictIdle();
    assertThat(hosts.size()).isZero();
  }
}
