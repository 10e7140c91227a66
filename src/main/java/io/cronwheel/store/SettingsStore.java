package io.cronwheel.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * Runtime settings shared by every engine on the database, as a JSON document per key. Thread-safe.
 */
public interface SettingsStore {
  Future<Optional<JsonObject>> get(String key);

  Future<Void> put(String key, JsonObject value);
}
