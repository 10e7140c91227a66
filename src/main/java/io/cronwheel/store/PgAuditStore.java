package io.cronwheel.store;

import io.cronwheel.model.AuditEntry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit trail in {@code audit_log}. Rows are appended by the store that makes the change, on
 * the change's own connection and transaction ({@link #append}); this class reads them back.
 */
public final class PgAuditStore {
  private static final String APPEND =
      "INSERT INTO audit_log (at, actor, action, subject, changes) VALUES ($1, $2, $3, $4, $5)";

  /** One stored line of the trail. */
  public record Line(long id, AuditEntry entry) {}

  /** A page of lines, newest first; {@code nextBefore} continues it, null at the end. */
  public record Page(List<Line> items, Long nextBefore) {}

  private final Pool pool;

  public PgAuditStore(Pool pool) {
    this.pool = pool;
  }

  /** Appends {@code entries} on {@code client}, inside the caller's transaction. */
  static Future<Void> append(SqlClient client, List<AuditEntry> entries) {
    if (entries.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> rows = new ArrayList<>(entries.size());
    for (AuditEntry entry : entries) {
      rows.add(
          Tuple.of(
              JobRows.utc(entry.at()),
              entry.actor(),
              entry.action(),
              entry.subject(),
              new JsonObject(entry.changes())));
    }
    return client.preparedQuery(APPEND).executeBatch(rows).mapEmpty();
  }

  static Future<Void> append(SqlClient client, AuditEntry entry) {
    return append(client, List.of(entry));
  }

  /**
   * Lines newest first: at most {@code limit}, older than {@code before} when given, only about
   * {@code subject} when given.
   */
  public Future<Page> page(int limit, Long before, String subject) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT id, at, actor, action, subject, changes FROM audit_log WHERE true");
    Tuple params = Tuple.tuple();
    if (before != null) {
      params.addLong(before);
      sql.append(" AND id < $").append(params.size());
    }
    if (subject != null) {
      params.addString(subject);
      sql.append(" AND subject = $").append(params.size());
    }
    params.addInteger(limit + 1);
    sql.append(" ORDER BY id DESC LIMIT $").append(params.size());
    return pool.preparedQuery(sql.toString())
        .execute(params)
        .map(
            rows -> {
              List<Line> lines = new ArrayList<>(rows.size());
              for (Row row : rows) {
                lines.add(
                    new Line(
                        row.getLong(0),
                        new AuditEntry(
                            JobRows.instant(row.getOffsetDateTime(1)),
                            row.getString(2),
                            row.getString(3),
                            row.getString(4),
                            row.getJsonObject(5).encode())));
              }
              if (lines.size() <= limit) {
                return new Page(lines, null);
              }
              List<Line> page = List.copyOf(lines.subList(0, limit));
              return new Page(page, page.get(page.size() - 1).id());
            });
  }
}
