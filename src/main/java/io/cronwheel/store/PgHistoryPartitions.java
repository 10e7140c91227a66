package io.cronwheel.store;

import io.cronwheel.store.HistoryPartitions.Range;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@code executions} partitions: creates the coming ones and drops the expired ones, on a
 * connection of its own, under a session advisory lock so that of several nodes one does it at a
 * time (the others skip the run). Writers are never blocked:
 *
 * <ul>
 *   <li>a partition is created as a plain table ({@code CREATE TABLE ... (LIKE ...)}) and then
 *       attached, which takes only a SHARE UPDATE EXCLUSIVE lock on the parent, where {@code CREATE
 *       TABLE ... PARTITION OF} would take an exclusive one;
 *   <li>an expired one is detached and dropped in one transaction. The detach is metadata only, but
 *       holds the parent exclusively for that moment, so it waits at most {@link
 *       #DETACH_LOCK_TIMEOUT} for the lock; PostgreSQL refuses {@code DETACH CONCURRENTLY} while a
 *       default partition exists, and the default partition is what keeps a row outside every range
 *       from failing.
 * </ul>
 *
 * Every other statement waits for a lock at most {@link #LOCK_TIMEOUT}: a run that cannot get one
 * fails and the next run tries again, instead of queueing the hot path behind it.
 */
public final class PgHistoryPartitions {
  private static final Logger log = LoggerFactory.getLogger(PgHistoryPartitions.class);

  /** The advisory lock key: "cwhist" in ASCII. */
  static final long LOCK_KEY = 0x637768697374L;

  static final Duration LOCK_TIMEOUT = Duration.ofSeconds(3);
  static final Duration DETACH_LOCK_TIMEOUT = Duration.ofMillis(500);
  private static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(60);

  private static final Pattern BOUND =
      Pattern.compile("FOR VALUES FROM \\((MINVALUE|'[^']+')\\) TO \\((MAXVALUE|'[^']+')\\)");

  // Partitions get the parent's columns and defaults, and their indexes when attached.
  // fillfactor 100: rows are inserted in time order and their one update rarely fits a page
  // anyway (it changes an indexed column); autovacuum is made to visit a partition early so its
  // pages are marked all-visible while they are hot, and index-only scans stay cheap.
  private static final String CREATE_STORAGE =
      " (LIKE executions INCLUDING DEFAULTS) WITH ("
          + "autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.05, "
          + "autovacuum_analyze_scale_factor = 0.02)";

  /** What a run did. */
  public record Outcome(boolean ran, List<String> created, List<String> dropped) {}

  private final Vertx vertx;
  private final PgConnectOptions db;
  private final HistoryPartitions plan;

  public PgHistoryPartitions(Vertx vertx, PgConnectOptions db, HistoryPartitions plan) {
    this.vertx = vertx;
    this.db = new PgConnectOptions(db);
    this.plan = plan;
  }

  /** One run at {@code now}; {@code ran} false when another node held the lock. */
  public Future<Outcome> maintain(Instant now) {
    return PgConnection.connect(vertx, db)
        .compose(conn -> run(conn, now).eventually(() -> conn.close().otherwiseEmpty()));
  }

  private Future<Outcome> run(PgConnection conn, Instant now) {
    return conn.query(
            "SET lock_timeout = '"
                + LOCK_TIMEOUT.toMillis()
                + "ms'; SET statement_timeout = '"
                + STATEMENT_TIMEOUT.toMillis()
                + "ms'; SET TIME ZONE 'UTC'")
        .execute()
        .compose(v -> conn.query("SELECT pg_try_advisory_lock(" + LOCK_KEY + ")").execute())
        .compose(
            locked -> {
              if (!locked.iterator().next().getBoolean(0)) {
                return Future.succeededFuture(new Outcome(false, List.of(), List.of()));
              }
              // The lock goes with the connection, which is closed after the run.
              return ranges(conn)
                  .compose(
                      existing -> {
                        List<Range> create = plan.toCreate(existing, now);
                        List<Range> drop = plan.expired(existing, now);
                        return createAll(conn, create, 0)
                            .compose(v -> dropAll(conn, drop, 0))
                            .map(v -> new Outcome(true, names(create), names(drop)));
                      });
            });
  }

  /** The time partitions there are (not the default one), as the catalog has them. */
  static Future<List<Range>> ranges(PgConnection conn) {
    return conn.query(
            "SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i "
                + "JOIN pg_class c ON c.oid = i.inhrelid "
                + "WHERE i.inhparent = 'executions'::regclass AND NOT i.inhdetachpending")
        .execute()
        .map(
            rows -> {
              List<Range> ranges = new ArrayList<>();
              for (Row row : rows) {
                Matcher bound = BOUND.matcher(row.getString(1));
                if (bound.find()) {
                  ranges.add(
                      new Range(
                          row.getString(0), instant(bound.group(1)), instant(bound.group(2))));
                }
              }
              return ranges;
            });
  }

  /** A bound as PostgreSQL prints it with TimeZone UTC: {@code '2026-12-05 14:00:00+00'}. */
  static Instant instant(String bound) {
    if (bound.startsWith("MIN") || bound.startsWith("MAX")) {
      return null;
    }
    String text = bound.substring(1, bound.length() - 1).replace(' ', 'T');
    return Instant.parse(text.replaceFirst("\\+00(:00)?$", "Z"));
  }

  private static Future<Void> createAll(PgConnection conn, List<Range> ranges, int i) {
    if (i == ranges.size()) {
      return Future.succeededFuture();
    }
    Range range = ranges.get(i);
    String name = quote(range.name());
    String attach =
        "ALTER TABLE executions ATTACH PARTITION "
            + name
            + " FOR VALUES FROM ("
            + literal(range.from())
            + ") TO ("
            + literal(range.to())
            + ")";
    // One simple-query message is one transaction: the table, the rows the default partition
    // caught in its range (they would make the attach fail), and the attach, all or nothing.
    String inRange =
        " WHERE scheduled_at >= "
            + literal(range.from())
            + " AND scheduled_at < "
            + literal(range.to());
    String adopt =
        "INSERT INTO "
            + name
            + " SELECT * FROM executions_default"
            + inRange
            + "; DELETE FROM executions_default"
            + inRange;
    return conn.query(
            "CREATE TABLE IF NOT EXISTS " + name + CREATE_STORAGE + "; " + adopt + "; " + attach)
        .execute()
        .onSuccess(v -> log.info("history: created partition {}", range.name()))
        .compose(v -> createAll(conn, ranges, i + 1));
  }

  private static Future<Void> dropAll(PgConnection conn, List<Range> ranges, int i) {
    if (i == ranges.size()) {
      return Future.succeededFuture();
    }
    String name = quote(ranges.get(i).name());
    // One transaction. The detach holds the parent exclusively for a moment (a concurrent detach
    // is not allowed beside a default partition), so it waits for that lock only briefly: the
    // hot path's statements queue behind a waiting exclusive lock.
    return conn.query(
            "SET LOCAL lock_timeout = '"
                + DETACH_LOCK_TIMEOUT.toMillis()
                + "ms'; ALTER TABLE executions DETACH PARTITION "
                + name
                + "; DROP TABLE "
                + name)
        .execute()
        .onSuccess(v -> log.info("history: dropped expired partition {}", ranges.get(i).name()))
        .compose(v -> dropAll(conn, ranges, i + 1));
  }

  private static String literal(Instant t) {
    return t == null ? "MINVALUE" : "'" + t + "'";
  }

  /** Names are ours ({@link HistoryPartitions#nameFor}) or the catalog's; quoted all the same. */
  private static String quote(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  private static List<String> names(List<Range> ranges) {
    return ranges.stream().map(Range::name).toList();
  }
}
