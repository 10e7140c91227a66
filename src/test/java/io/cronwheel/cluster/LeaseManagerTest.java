package io.cronwheel.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronwheel.config.ClusterConfig;
import io.cronwheel.support.ManualClock;
import io.cronwheel.wheel.LeaseGuard;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Several lease managers over one in-memory lease table, in virtual time: after every 100 ms step,
 * no partition may be fired by two nodes at once.
 */
class LeaseManagerTest {
  private static final int PARTITIONS = 12;
  private static final Duration TTL = Duration.ofSeconds(10);
  private static final Duration REBALANCE = Duration.ofSeconds(5);

  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-02T10:00:00Z"));
  private final InMemoryLeaseStore store = new InMemoryLeaseStore(clock);
  private final List<Node> nodes = new ArrayList<>();

  /** A node: its manager and the partitions its host runs, with their guards. */
  private final class Node implements PartitionHost {
    final LeaseManager manager;
    final Map<Integer, LeaseGuard> running = new TreeMap<>();

    Node(String id) {
      ClusterConfig config = new ClusterConfig(id, "http://" + id, TTL, REBALANCE);
      manager =
          new LeaseManager(
              PARTITIONS,
              config,
              store,
              this,
              clock,
              new ClusterMetrics(new SimpleMeterRegistry(), id));
      store.join(id, "http://" + id, PARTITIONS, TTL);
    }

    @Override
    public Future<Void> start(int partition, long epoch, LeaseGuard lease) {
      running.put(partition, lease);
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> stop(int partition) {
      running.remove(partition);
      return Future.succeededFuture();
    }

    long firing() {
      return running.values().stream().filter(LeaseGuard::mayFire).count();
    }
  }

  private Node node(String id) {
    Node node = new Node(id);
    nodes.add(node);
    return node;
  }

  /** Advances in 100 ms steps, a cycle per node every second, checking the invariant each step. */
  private void run(Duration duration) {
    for (long ms = 0; ms < duration.toMillis(); ms += 100) {
      clock.advance(Duration.ofMillis(100));
      if (clock.epochMillis() % 1000 == 0) {
        nodes.forEach(n -> n.manager.cycle());
      }
      for (int p = 0; p < PARTITIONS; p++) {
        int partition = p;
        long firingIt =
            nodes.stream()
                .filter(n -> n.running.containsKey(partition) && n.running.get(partition).mayFire())
                .count();
        assertThat(firingIt)
            .as("nodes firing partition %d at %s", p, clock.now())
            .isLessThanOrEqualTo(1);
      }
    }
  }

  @Test
  void aSingleNodeTakesEveryPartitionAtOnceAndIsReady() {
    Node a = node("a");
    a.manager.cycle();
    assertThat(a.firing()).isEqualTo(PARTITIONS);
    assertThat(a.manager.ready()).as("ready once its starts complete, not a cycle later").isTrue();
  }

  @Test
  void aJoiningNodeGetsItsShareOnlyAfterTheRebalanceDelay() {
    Node a = node("a");
    run(Duration.ofSeconds(3));
    Node b = node("b");
    run(Duration.ofSeconds(3));
    assertThat(b.running).as("nothing moves before the membership settled").isEmpty();
    assertThat(b.manager.ready()).isFalse();

    run(Duration.ofSeconds(5));
    assertThat(a.firing()).isEqualTo(PARTITIONS / 2);
    assertThat(b.firing()).isEqualTo(PARTITIONS / 2);
    assertThat(b.manager.ready()).isTrue();
  }

  @Test
  void aNodeCutOffFromTheDatabaseStopsFiringBeforeItsLeasesExpireAndIsTakenOver() {
    Node a = node("a");
    Node b = node("b");
    run(Duration.ofSeconds(10));
    assertThat(a.firing() + b.firing()).isEqualTo(PARTITIONS);

    store.silenced.add("a");
    long cutAt = clock.epochMillis();
    long stoppedAfter = -1;
    long takenAfter = -1;
    for (int i = 0; i < 200 && takenAfter < 0; i++) {
      run(Duration.ofMillis(100));
      if (stoppedAfter < 0 && a.firing() == 0) {
        stoppedAfter = clock.epochMillis() - cutAt;
      }
      if (b.firing() == PARTITIONS) {
        takenAfter = clock.epochMillis() - cutAt;
      }
    }
    assertThat(stoppedAfter).as("a stops within its firing window").isBetween(0L, 8_100L);
    assertThat(takenAfter)
        .as("b takes over within the TTL plus a cycle")
        .isBetween(TTL.toMillis(), TTL.toMillis() + 2_100);

    store.silenced.remove("a");
    run(Duration.ofSeconds(10));
    assertThat(a.firing()).as("a rejoins and gets its share back").isEqualTo(PARTITIONS / 2);
    assertThat(b.firing()).isEqualTo(PARTITIONS / 2);
  }

  @Test
  void aGracefulLeaveReleasesEveryLeaseAtOnce() {
    Node a = node("a");
    Node b = node("b");
    run(Duration.ofSeconds(10));

    a.manager.leave();
    nodes.remove(a);
    assertThat(a.running).isEmpty();
    run(Duration.ofSeconds(1));
    assertThat(b.firing()).as("no TTL to wait out").isEqualTo(PARTITIONS);
  }
}
