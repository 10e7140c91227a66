package io.cronwheel.store;

import io.cronwheel.auth.Principal;
import io.cronwheel.auth.Role;
import io.cronwheel.model.AuditEntry;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * API tokens in {@code api_tokens}, kept as hashes only. Every request is checked against the table
 * (one primary-key-sized lookup by hash), so creating or revoking a token takes effect on every
 * node at once.
 */
public final class PgTokenStore {
  /** A token as listed: never its secret. */
  public record StoredToken(String name, Role role, Instant createdAt, Instant lastUsedAt) {}

  private static final String INSERT =
      "INSERT INTO api_tokens (name, role, token_hash, created_at) VALUES ($1, $2, $3, $4)";

  private final Pool pool;

  public PgTokenStore(Pool pool) {
    this.pool = pool;
  }

  /** Who the token with this hash belongs to; empty for an unknown (or revoked) token. */
  public Future<Optional<Principal>> authenticate(byte[] tokenHash) {
    return pool.preparedQuery("SELECT name, role FROM api_tokens WHERE token_hash = $1")
        .execute(Tuple.of(tokenHash))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return Optional.empty();
              }
              Row row = rows.iterator().next();
              return Role.fromWireName(row.getString(1))
                  .map(role -> new Principal(row.getString(0), role));
            });
  }

  /** Records that a token was used (callers throttle this: it is a write). */
  public Future<Void> touch(String name, Instant at) {
    return pool.preparedQuery("UPDATE api_tokens SET last_used_at = $2 WHERE name = $1")
        .execute(Tuple.of(name, JobRows.utc(at)))
        .mapEmpty();
  }

  /** Stores a new token and its audit line in one transaction; a taken name is refused. */
  public Future<StoredToken> create(
      String name, Role role, byte[] tokenHash, Instant at, AuditEntry audit) {
    return pool.withTransaction(
            connection ->
                connection
                    .preparedQuery(INSERT)
                    .execute(Tuple.of(name, role.wireName(), tokenHash, JobRows.utc(at)))
                    .compose(rows -> PgAuditStore.append(connection, audit)))
        .recover(
            error ->
                Future.failedFuture(
                    SqlStates.is(error, SqlStates.UNIQUE_VIOLATION)
                        ? new StoreException(
                            StoreException.Reason.DUPLICATE_NAME,
                            "a token named '" + name + "' already exists")
                        : error))
        .map(v -> new StoredToken(name, role, at, null));
  }

  /** Revokes a token and records it in one transaction; NOT_FOUND if there is no such token. */
  public Future<Void> delete(String name, Instant at, AuditEntry audit) {
    return pool.withTransaction(
        connection ->
            connection
                .preparedQuery("DELETE FROM api_tokens WHERE name = $1")
                .execute(Tuple.of(name))
                .compose(
                    rows ->
                        rows.rowCount() == 0
                            ? Future.failedFuture(
                                new StoreException(
                                    StoreException.Reason.NOT_FOUND,
                                    "no token named '" + name + "'"))
                            : PgAuditStore.append(connection, audit)));
  }

  public Future<List<StoredToken>> list() {
    return pool.query(
            "SELECT name, role, created_at, last_used_at FROM api_tokens ORDER BY created_at, name")
        .execute()
        .map(
            rows -> {
              List<StoredToken> tokens = new ArrayList<>(rows.size());
              for (Row row : rows) {
                Role.fromWireName(row.getString(1))
                    .ifPresent(
                        role ->
                            tokens.add(
                                new StoredToken(
                                    row.getString(0),
                                    role,
                                    JobRows.instant(row.getOffsetDateTime(2)),
                                    JobRows.instant(row.getOffsetDateTime(3)))));
              }
              return tokens;
            });
  }

  /**
   * Makes {@code name} an admin token with this hash (the operator's {@code
   * CRONWHEEL_ADMIN_TOKEN}): a changed secret replaces the one stored under the name. Completes
   * with whether it changed.
   */
  public Future<Boolean> putAdmin(String name, byte[] tokenHash, Instant at) {
    return pool.preparedQuery(
            INSERT
                + " ON CONFLICT (name) DO UPDATE SET token_hash = EXCLUDED.token_hash,"
                + " role = EXCLUDED.role"
                + " WHERE api_tokens.token_hash IS DISTINCT FROM EXCLUDED.token_hash"
                + " OR api_tokens.role IS DISTINCT FROM EXCLUDED.role")
        .execute(Tuple.of(name, Role.ADMIN.wireName(), tokenHash, JobRows.utc(at)))
        .map(rows -> rows.rowCount() == 1);
  }

  /**
   * Stores an admin token under {@code name} only if no token exists at all; completes with whether
   * this call stored it. Two nodes starting at once cannot both win: the name is the key.
   */
  public Future<Boolean> putFirstAdmin(String name, byte[] tokenHash, Instant at) {
    return pool.preparedQuery(
            "INSERT INTO api_tokens (name, role, token_hash, created_at)"
                + " SELECT $1, $2, $3, $4 WHERE NOT EXISTS (SELECT 1 FROM api_tokens)"
                + " ON CONFLICT DO NOTHING")
        .execute(Tuple.of(name, Role.ADMIN.wireName(), tokenHash, JobRows.utc(at)))
        .map(rows -> rows.rowCount() == 1);
  }
}
