package io.cronwheel.store;

import io.cronwheel.config.ConfigException;
import io.cronwheel.model.Partitioner;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many partitions this database's jobs are spread over. Fixed at the first start and kept in
 * {@code engine_settings}: progress marks and each job's stored partition depend on it, so an
 * engine on a machine with more cores must not silently pick another count. A later start that asks
 * for a different count explicitly fails with one clear line, unless {@code
 * CRONWHEEL_REPARTITION=true} re-maps every job and resets every partition's mark to the earliest
 * one (the downtime since then is replayed; seconds that already have a row are not fired again).
 * Blocking JDBC: start-up only.
 */
final class PartitionLayout {
  private static final Logger log = LoggerFactory.getLogger(PartitionLayout.class);
  private static final String KEY = "partitions";
  private static final int BATCH = 1000;

  private PartitionLayout() {}

  /**
   * Settles the count: the stored one, the requested one on a first start, or a re-mapping.
   *
   * @param requested the configured count
   * @param explicit whether the count was configured explicitly (else it is the machine's default)
   * @return the count to run with
   */
  static int resolve(Connection db, int requested, boolean explicit, boolean repartition)
      throws SQLException {
    Integer stored = stored(db);
    int count = requested;
    if (stored != null && stored != requested) {
      if (!explicit) {
        count = stored;
      } else if (repartition) {
        repartition(db, stored, requested);
      } else {
        throw new ConfigException(
            "CRONWHEEL_PARTITIONS is "
                + requested
                + " but this database's jobs are spread over "
                + stored
                + " partitions; leave it unset, set it to "
                + stored
                + ", or stop every engine and start one with CRONWHEEL_REPARTITION=true to re-map");
      }
    }
    if (stored == null || stored != count) {
      store(db, count);
    }
    stampUnassigned(db, new Partitioner(count));
    return count;
  }

  private static Integer stored(Connection db) throws SQLException {
    try (Statement s = db.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT (value->>'count')::int FROM engine_settings WHERE key = '" + KEY + "'")) {
      return rs.next() ? rs.getInt(1) : null;
    }
  }

  private static void store(Connection db, int count) throws SQLException {
    try (PreparedStatement s =
        db.prepareStatement(
            "INSERT INTO engine_settings (key, value, updated_at) VALUES (?, ?::jsonb, now()) "
                + "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()")) {
      s.setString(1, KEY);
      s.setString(2, "{\"count\": " + count + "}");
      s.executeUpdate();
    }
  }

  /** Stamps jobs stored before partitions were (or with another count) with their partition. */
  private static void stampUnassigned(Connection db, Partitioner partitioner) throws SQLException {
    int stamped = stamp(db, partitioner, "SELECT id FROM jobs WHERE partition IS NULL");
    if (stamped > 0) {
      log.info("stamped {} job(s) with their partition", stamped);
    }
  }

  /** Re-maps every job and resets every partition's mark to the earliest, in one transaction. */
  private static void repartition(Connection db, int from, int to) throws SQLException {
    boolean autoCommit = db.getAutoCommit();
    db.setAutoCommit(false);
    try {
      int stamped = stamp(db, new Partitioner(to), "SELECT id FROM jobs");
      try (Statement s = db.createStatement()) {
        s.executeUpdate(
            "CREATE TEMPORARY TABLE earliest_mark ON COMMIT DROP AS"
                + " SELECT min(dispatched_through) AS mark FROM partition_progress");
        s.executeUpdate("DELETE FROM partition_progress");
        s.executeUpdate(
            "INSERT INTO partition_progress (partition, dispatched_through, updated_at) "
                + "SELECT p, mark, now() FROM earliest_mark, generate_series(0, "
                + (to - 1)
                + ") AS p WHERE mark IS NOT NULL");
      }
      store(db, to);
      db.commit();
      log.warn(
          "re-mapped {} job(s) from {} to {} partitions; every partition resumes from the earliest"
              + " progress mark",
          stamped,
          from,
          to);
    } catch (SQLException | RuntimeException e) {
      db.rollback();
      throw e;
    } finally {
      db.setAutoCommit(autoCommit);
    }
  }

  private static int stamp(Connection db, Partitioner partitioner, String select)
      throws SQLException {
    List<UUID> ids = new ArrayList<>();
    try (Statement s = db.createStatement();
        ResultSet rs = s.executeQuery(select)) {
      while (rs.next()) {
        ids.add(rs.getObject(1, UUID.class));
      }
    }
    try (PreparedStatement update =
        db.prepareStatement("UPDATE jobs SET partition = ? WHERE id = ?")) {
      for (int i = 0; i < ids.size(); i++) {
        update.setInt(1, partitioner.partitionOf(ids.get(i)));
        update.setObject(2, ids.get(i));
        update.addBatch();
        if ((i + 1) % BATCH == 0 || i == ids.size() - 1) {
          update.executeBatch();
        }
      }
    }
    return ids.size();
  }
}
