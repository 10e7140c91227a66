package io.cronwheel.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronwheel.support.ManualClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConcurrencyLimiterTest {
  private final Hosts hosts =
      new Hosts(BreakerSettings.DEFAULTS, new ManualClock(Instant.parse("2026-01-01T00:00:00Z")));
  private final Host A = hosts.get("a.example:80");
  private final Host B = hosts.get("b.example:80");
  private final Host C = hosts.get("c.example:80");

  private final List<String> woken = new ArrayList<>();

  /** A partition's wake-up: one instance per partition, as the limiter matches it by identity. */
  private final class Wakeup implements Runnable {
    private final String partition;

    Wakeup(String partition) {
      this.partition = partition;
    }

    @Override
    public void run() {
      woken.add(partition);
    }
  }

  private final Wakeup wakeP1 = new Wakeup("p1");
  private final Wakeup wakeP2 = new Wakeup("p2");

  @Test
  void tryAcquire_refusesBeyondTheGlobalLimitAcrossHosts() {
    ConcurrencyLimiter limiter = new ConcurrencyLimiter(3, 10);

    assertThat(limiter.tryAcquire(A)).isTrue();
    assertThat(limiter.tryAcquire(B)).isTrue();
    assertThat(limiter.tryAcquire(C)).isTrue();
    assertThat(limiter.tryAcquire(A)).isFalse();
    assertThat(limiter.tryAcquire(hosts.get("d.example:80"))).isFalse();
    assertThat(limiter.inFlight()).isEqualTo(3);
  }

  @Test
  void tryAcquire_refusesBeyondThePerHostLimitWithoutTakingAGlobalPermit() {
    ConcurrencyLimiter limiter = new ConcurrencyLimiter(10, 2);

    assertThat(limiter.tryAcquire(A)).isTrue();
    assertThat(limiter.tryAcquire(A)).isTrue();
    assertThat(limiter.tryAcquire(A)).isFalse();
    assertThat(limiter.inFlight()).isEqualTo(2);
    assertThat(limiter.tryAcquire(B)).isTrue();
    assertThat(limiter.tryAcquire(B)).isTrue();
    assertThat(limiter.tryAcquire(B)).isFalse();
    assertThat(limiter.inFlight()).isEqualTo(4);
  }

  @Test
  void tryAcquire_refusedByTheGlobalLimitDoesNotCountAgainstTheHost() {
    ConcurrencyLimiter limiter = new ConcurrencyLimiter(1, 1);
    assertThat(limiter.tryAcquire(A)).isTrue();
    assertThat(limiter.tryAcquire(B)).isFalse(); // global is full; B took nothing

    limiter.release(A);

    assertThat(limiter.tryAcquire(B)).isTrue();
  }

  @Test
  void release_freesThePermitForTheSameHostAndGlobally() {
    ConcurrencyLimiter limiter = new ConcurrencyLimiter(2, 1);
    assertThat(limiter.tryAcquire(A)).isTrue();
    assertThat(limiter.tryAcquire(B)).isTrue();
    assertThat(limiter.tryAcquire(A)).isFalse();

    limiter.release(A);

    assertThat(limiter.inFlight()).isEqualTo(1);
    assertThat(limiter.tryAcquire(B)).isFalse(); // B's own permit is still taken
    assertThat(limiter.tryAcquire(A)).isTrue();
  }

  @Test
  void release_neverDrivesCountsBelowZeroAfterBalancedUse() {
    ConcurrencyLimiter limiter = new ConcurrencyLimiter(2, 2);
    for (int round = 0; round < 50; round++) {
      assertThat(limiter.tryAcquire(A)).isTrue();
      assertThat(limiter.tryAcquire(A)).isTrue();
      assertThat(limiter.tryAcquire(A)).isFalse(); // a refusal must not leak a decrement
      assertThat(limiter.tryAcquire(B)).isFalse();
      limiter.release(A);
      limiter.release(A);
      assertThat(limiter.inFlight()).isZero();
    }

    // Were any count negative, more than the limits would fit now.
    assertThat(limiter.tryAcquire(A)).isTrue();
    assertThat(limiter.tryAcquire(A)).isTrue();
    assertThat(limiter.tryAcquire(A)).isFalse();
    assertThat(limiter.tryAcquire(B)).isFalse();
    assertThat(limiter.inFlight()).isEqualTo(2);
  }

  @Test
  void setLimits_appliesToTheNextAcquisitionsAndWakesParkedPartitions() {
    ConcurrencyLimiter limiter = new ConcurrencyLimiter(1, 1);
    assertThat(limiter.tryAcquire(A)).isTrue();
    assertThat(limiter.tryAcquire(A)).isFalse();
    limiter.parked(wakeP1);

    limiter.setLimits(5, 2);

    assertThat(woken).containsExactly("p1");
    assertThat(limiter.globalLimit()).isEqualTo(5);
    assertThat(limiter.perHostLimit()).isEqualTo(2);
    assertThat(limiter.tryAcquire(A)).isTrue();
    assertThat(limiter.tryAcquire(A)).isFalse();
  }

  @Test
  void setLimits_belowWhatIsInFlightRefusesUntilEnoughIsReleased() {
    ConcurrencyLimiter limiter = new ConcurrencyLimiter(3, 3);
    assertThat(limiter.tryAcquire(A)).isTrue();
    assertThat(limiter.tryAcquire(A)).isTrue();
    assertThat(limiter.tryAcquire(A)).isTrue();

    limiter.setLimits(1, 1);
    limiter.release(A);

    assertThat(limiter.tryAcquire(A)).isFalse();
    limiter.release(A);
    assertThat(limiter.tryAcquire(A)).isFalse();
    limiter.release(A);
    assertThat(limiter.tryAcquire(A)).isTrue();
  }

  @Test
  void release_wakesEveryRegisteredWakeupOnEachRelease() {
    ConcurrencyLimiter limiter = new ConcurrencyLimiter(2, 2);
    assertThat(limiter.tryAcquire(A)).isTrue();
    assertThat(limiter.tryAcquire(B)).isTrue();
    limiter.parked(wakeP1);
    limiter.parked(wakeP2);

    limiter.release(A);
    assertThat(woken).containsExactlyInAnyOrder("p1", "p2");
    limiter.release(B);
    assertThat(woken).hasSize(4);
  }

  @Test
  void parked_registersAWakeupOnceAndUnparkedRemovesIt() {
    ConcurrencyLimiter limiter = new ConcurrencyLimiter(2, 2);
    limiter.parked(wakeP1);
    limiter.parked(wakeP1);
    limiter.parked(wakeP2);
    assertThat(limiter.tryAcquire(A)).isTrue();

    limiter.release(A);
    assertThat(woken).containsExactlyInAnyOrder("p1", "p2");

    woken.clear();
    limiter.unparked(wakeP1);
    assertThat(limiter.tryAcquire(A)).isTrue();
    limiter.release(A);
    assertThat(woken).containsExactly("p2");

    woken.clear();
    limiter.unparked(wakeP2);
    limiter.unparked(wakeP2); // unknown now: ignored
    assertThat(limiter.tryAcquire(A)).isTrue();
    limiter.release(A);
    limiter.setLimits(3, 3);
    assertThat(woken).isEmpty();
  }

  @Test
  void parked_wakeupThatUnparksItselfWhileWokenIsSafe() {
    ConcurrencyLimiter limiter = new ConcurrencyLimiter(1, 1);
    List<String> order = new ArrayList<>();
    Runnable[] self = new Runnable[1];
    self[0] =
        () -> {
          order.add("self");
          limiter.unparked(self[0]);
        };
    limiter.parked(self[0]);
    limiter.parked(wakeP1);
    assertThat(limiter.tryAcquire(A)).isTrue();

    limiter.release(A);
    assertThat(order).containsExactly("self");
    assertThat(woken).containsExactly("p1");

    assertThat(limiter.tryAcquire(A)).isTrue();
    limiter.release(A);
    assertThat(order).containsExactly("self");
    assertThat(woken).containsExactly("p1", "p1");
  }
}
