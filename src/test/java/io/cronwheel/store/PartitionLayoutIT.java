package io.cronwheel.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cronwheel.config.ConfigException;
import io.cronwheel.config.ConfigLoader;
import io.cronwheel.config.CronwheelConfig;
import io.cronwheel.model.Partitioner;
import io.cronwheel.support.PostgresFixture;
import io.vertx.pgclient.PgConnectOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The partition count is the database's: fixed at its first start, never silently changed by a
 * machine with more cores, changed only on purpose (and then every job is re-mapped).
 */
class PartitionLayoutIT {
  private static CronwheelConfig config(Map<String, String> env) {
    return ConfigLoader.fromEnv(env);
  }

  @Test
  void firstStart_fixesTheCountAndStampsExistingJobs() {
    PgConnectOptions db = PostgresFixture.get().newDatabase();
    insertUnstampedJobs(db, 50);
    assertThat(Database.prepare(db, config(Map.of("CRONWHEEL_PARTITIONS", "4")))).isEqualTo(4);
    assertThat(count(db, "SELECT count(*) FROM jobs WHERE partition IS NULL")).isZero();
    assertThat(count(db, "SELECT count(DISTINCT partition) FROM jobs")).isGreaterThan(1);
    assertThat(count(db, "SELECT max(partition) FROM jobs")).isLessThan(4);
  }

  @Test
  void laterStart_withoutAnExplicitCount_usesTheDatabasesCount() {
    PgConnectOptions db = PostgresFixture.get().newDatabase();
    Database.prepare(db, config(Map.of("CRONWHEEL_PARTITIONS", "4")));
    CronwheelConfig machineDefault = config(Map.of("CRONWHEEL_EVENT_LOOPS", "8")); // 16 by default
    assertThat(machineDefault.partitions()).isEqualTo(16);
    assertThat(Database.prepare(db, machineDefault)).isEqualTo(4);
  }

  @Test
  void laterStart_withAnotherExplicitCount_isAClearStartUpError() {
    PgConnectOptions db = PostgresFixture.get().newDatabase();
    Database.prepare(db, config(Map.of("CRONWHEEL_PARTITIONS", "4")));
    assertThatThrownBy(() -> Database.prepare(db, config(Map.of("CRONWHEEL_PARTITIONS", "8"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("CRONWHEEL_PARTITIONS is 8")
        .hasMessageContaining("spread over 4 partitions")
        .hasMessageContaining("CRONWHEEL_REPARTITION=true");
  }

  @Test
  void repartition_remapsEveryJobAndResumesAllPartitionsFromTheEarliestMark() {
    PgConnectOptions db = PostgresFixture.get().newDatabase();
    insertUnstampedJobs(db, 200);
    Database.prepare(db, config(Map.of("CRONWHEEL_PARTITIONS", "2")));
    PostgresFixture.get()
        .execute(
            db,
            "INSERT INTO partition_progress VALUES (0, to_timestamp(1000), now()),"
                + " (1, to_timestamp(900), now())");

    int count =
        Database.prepare(
            db, config(Map.of("CRONWHEEL_PARTITIONS", "8", "CRONWHEEL_REPARTITION", "true")));

    assertThat(count).isEqualTo(8);
    Partitioner eight = new Partitioner(8);
    assertThat(count(db, "SELECT count(*) FROM jobs WHERE partition >= 2")).isPositive();
    assertThat(
            PostgresFixture.get()
                .queryLong(
                    db,
                    "SELECT count(*) FROM partition_progress WHERE dispatched_through ="
                        + " to_timestamp(900)"))
        .isEqualTo(8);
    // Every stored partition is the one the engine computes for the job.
    try (var c = PostgresFixture.get().connect(db);
        var s = c.createStatement();
        var rs = s.executeQuery("SELECT id, partition FROM jobs")) {
      while (rs.next()) {
        assertThat(rs.getInt(2))
            .isEqualTo(eight.partitionOf(rs.getObject(1, java.util.UUID.class)));
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long count(PgConnectOptions db, String sql) {
    return PostgresFixture.get().queryLong(db, sql);
  }

  private static void insertUnstampedJobs(PgConnectOptions db, int n) {
    PostgresFixture.get()
        .execute(
            db,
            "INSERT INTO jobs (id, name, schedule, timezone, execution_type, target, timeout_ms,"
                + " retry, active, created_at, updated_at, version) SELECT gen_random_uuid(),"
                + " 'j-' || g, '* * * * * *', 'UTC', 'AT_LEAST_ONCE', '{\"url\":"
                + " \"http://127.0.0.1:1/\", \"method\": \"POST\", \"headers\": {}}', 1000,"
                + " '{\"maxAttempts\": 1, \"initialDelayMs\": 1000, \"maxDelayMs\": 1000,"
                + " \"multiplier\": 2.0}', true, now(), now(), 1 FROM generate_series(1, "
                + n
                + ") g");
  }
}
