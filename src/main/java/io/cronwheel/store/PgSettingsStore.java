package io.cronwheel.store;

import io.cronwheel.model.AuditEntry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;

/** {@link SettingsStore} in the {@code engine_settings} table. */
public final class PgSettingsStore implements SettingsStore {
  private final Pool pool;

  public PgSettingsStore(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<Optional<JsonObject>> get(String key) {
    return pool.preparedQuery("SELECT value FROM engine_settings WHERE key = $1")
        .execute(Tuple.of(key))
        .map(
            rows ->
                rows.size() == 0
                    ? Optional.empty()
                    : Optional.of((JsonObject) rows.iterator().next().getValue(0)));
  }

  @Override
  public Future<Void> put(String key, JsonObject value, AuditEntry audit) {
    return pool.withTransaction(
        connection ->
            connection
                .preparedQuery(
                    "INSERT INTO engine_settings (key, value, updated_at) VALUES ($1, $2, now()) "
                        + "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value,"
                        + " updated_at = now()")
                .execute(Tuple.of(key, value))
                .compose(rows -> PgAuditStore.append(connection, audit)));
  }
}
