package io.cronwheel.support;

import io.cronwheel.model.Partitioner;
import io.cronwheel.time.UuidV7;
import io.vertx.pgclient.PgConnectOptions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntFunction;

/**
 * Many jobs written straight into PostgreSQL, as the API would store them (3 attempts, an hour's
 * catch-up window, overlap allowed), in batches of 1,000: faster than the API for tests that need
 * tens of thousands.
 */
public final class StoredJobs {
  /** What varies between the jobs of a test. */
  public record Spec(
      String name, String schedule, String executionType, String misfirePolicy, String url) {}

  private static final String INSERT =
      "INSERT INTO jobs (id, name, schedule, timezone, execution_type, target, timeout_ms, retry,"
          + " active, created_at, updated_at, version, misfire_policy, catch_up_window_ms,"
          + " overlap_policy, partition) VALUES (?, ?, ?, 'UTC', ?, ?::jsonb, 10000,"
          + " '{\"maxAttempts\": 3, \"initialDelayMs\": 1000, \"maxDelayMs\": 60000,"
          + " \"multiplier\": 2.0}'::jsonb, true, ?, ?, 1, ?, 3600000, 'ALLOW', ?)";

  private StoredJobs() {}

  /** Inserts {@code count} jobs, the i-th as {@code spec} says; answers each one's id and spec. */
  public static Map<UUID, Spec> insert(
      PgConnectOptions db, int partitions, int count, IntFunction<Spec> spec) throws Exception {
    Partitioner partitioner = new Partitioner(partitions);
    Map<UUID, Spec> stored = new LinkedHashMap<>();
    Timestamp now = Timestamp.from(Instant.now());
    try (Connection c = PostgresFixture.get().connect(db);
        PreparedStatement insert = c.prepareStatement(INSERT)) {
      for (int i = 0; i < count; i++) {
        UUID id = UuidV7.next(System.currentTimeMillis());
        Spec job = spec.apply(i);
        stored.put(id, job);
        insert.setObject(1, id);
        insert.setString(2, job.name());
        insert.setString(3, job.schedule());
        insert.setString(4, job.executionType());
        insert.setString(
            5, "{\"url\": \"" + job.url() + "\", \"method\": \"POST\", \"headers\": {}}");
        insert.setTimestamp(6, now);
        insert.setTimestamp(7, now);
        insert.setString(8, job.misfirePolicy());
        insert.setInt(9, partitioner.partitionOf(id));
        insert.addBatch();
        if (i % 1000 == 999) {
          insert.executeBatch();
        }
      }
      insert.executeBatch();
    }
    return stored;
  }
}
