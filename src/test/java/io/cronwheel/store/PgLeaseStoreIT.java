package io.cronwheel.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronwheel.support.PostgresFixture;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lease statements against a real PostgreSQL, judged by its clock: the compare-and-set that
 * bumps the epoch, renewals fenced by epoch, takeover only after expiry, and a node id that a live
 * engine holds.
 */
class PgLeaseStoreIT {
  private static final Duration SHORT_TTL = Duration.ofMillis(400);
  private static final Duration LONG_TTL = Duration.ofSeconds(30);

  private Vertx vertx;
  private Pool pool;
  private PgLeaseStore store;

  @BeforeEach
  void connect() {
    PgConnectOptions db = PostgresFixture.get().newDatabase();
    vertx = Vertx.vertx();
    pool = PgBuilder.pool().connectingTo(db).using(vertx).build();
    store = new PgLeaseStore(pool, Duration.ofSeconds(5));
  }

  @AfterEach
  void close() {
    pool.close().await();
    vertx.close().await();
  }

  @Test
  void aNodeIdHeldByALiveEngineCannotJoinUntilItsHeartbeatExpires() throws Exception {
    assertThat(store.join("a", "http://a", 4, LONG_TTL).await()).isTrue();
    assertThat(store.join("a", "http://a-again", 4, LONG_TTL).await())
        .as("a second engine under a live id")
        .isFalse();
    assertThat(store.join("b", "http://b", 4, LONG_TTL).await()).isTrue();

    Thread.sleep(3 * SHORT_TTL.toMillis());

    assertThat(store.join("a", "http://a-again", 4, SHORT_TTL).await())
        .as("once the old heartbeat is older than the TTL")
        .isTrue();
    assertThat(store.view(LONG_TTL).await().liveNodes())
        .anySatisfy(node -> assertThat(node.address()).isEqualTo("http://a-again"));
  }

  @Test
  void leasesAreTakenByCompareAndSetRenewedAtTheirEpochAndTakenOverOnlyOnceExpired()
      throws Exception {
    store.join("a", "http://a", 2, SHORT_TTL).await();
    store.join("b", "http://b", 2, SHORT_TTL).await();

    LeaseStore.Acquired first = store.acquire("a", 0, LONG_TTL).await();
    assertThat(first.epoch()).isEqualTo(1);
    assertThat(first.previousOwner()).isNull();
    assertThat(store.acquire("b", 0, LONG_TTL).await()).as("held by a").isNull();
    assertThat(store.renew("a", Map.of(0, 7L), LONG_TTL).await())
        .as("a renewal at another epoch renews nothing")
        .isEmpty();
    // Renewed with a short TTL, so that it expires while nobody renews it.
    assertThat(store.renew("a", Map.of(0, 1L), SHORT_TTL).await()).containsEntry(0, 1L);

    Thread.sleep(3 * SHORT_TTL.toMillis());

    LeaseStore.Acquired taken = store.acquire("b", 0, LONG_TTL).await();
    assertThat(taken.epoch()).isEqualTo(2);
    assertThat(taken.previousOwner()).isEqualTo("a");
    assertThat(store.renew("a", Map.of(0, 1L), SHORT_TTL).await())
        .as("the old holder's renewal after the takeover")
        .isEmpty();

    store.release("b", 0, 2).await();
    LeaseStore.Acquired afterRelease = store.acquire("a", 0, SHORT_TTL).await();
    assertThat(afterRelease.epoch()).isEqualTo(3);
    assertThat(afterRelease.previousOwner()).as("a released lease has no owner").isNull();
  }
}
