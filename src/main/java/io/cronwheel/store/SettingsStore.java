package io.cronwheel.store;

import io.cronwheel.model.AuditEntry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * Runtime settings shared by every engine on the database, as a JSON document per key. Thread-safe.
 */
public interface SettingsStore {
  Future<Optional<JsonObject>> get(String key);

  /** Stores {@code value} under {@code key} and {@code audit} in the same transaction. */
  Future<Void> put(String key, JsonObject value, AuditEntry audit);
}
