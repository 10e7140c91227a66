package io.cronwheel.dispatch;

import io.cronwheel.store.PgSettingsStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The concurrency caps as a persisted, live setting: stored under one key in PostgreSQL, applied to
 * the local {@link ConcurrencyLimiter} at once when changed here, and polled every second so that
 * every engine on the database picks up a change made through any of them.
 */
public final class ConcurrencySettings {
  public static final String KEY = "concurrency";
  private static final Logger log = LoggerFactory.getLogger(ConcurrencySettings.class);
  private static final long POLL_MS = 1000;

  private final PgSettingsStore store;
  private final ConcurrencyLimiter limiter;

  public ConcurrencySettings(PgSettingsStore store, ConcurrencyLimiter limiter) {
    this.store = store;
    this.limiter = limiter;
  }

  public JsonObject current() {
    return new JsonObject()
        .put("maxInFlight", limiter.globalLimit())
        .put("maxInFlightPerHost", limiter.perHostLimit())
        .put("inFlight", limiter.inFlight());
  }

  public Future<Void> update(int maxInFlight, int maxInFlightPerHost) {
    JsonObject value =
        new JsonObject()
            .put("maxInFlight", maxInFlight)
            .put("maxInFlightPerHost", maxInFlightPerHost);
    return store
        .put(KEY, value)
        .onSuccess(
            v -> {
              apply(value);
              log.info(
                  "concurrency caps set: {} in flight, {} per host",
                  maxInFlight,
                  maxInFlightPerHost);
            });
  }

  /** Loads the stored caps now and then every second; returns the timer id. */
  public long startPolling(Vertx vertx) {
    refresh();
    return vertx.setPeriodic(POLL_MS, id -> refresh());
  }

  private void refresh() {
    store.get(KEY).onSuccess(stored -> stored.ifPresent(this::apply));
  }

  private void apply(JsonObject value) {
    int global = value.getInteger("maxInFlight", limiter.globalLimit());
    int perHost = value.getInteger("maxInFlightPerHost", limiter.perHostLimit());
    if (global != limiter.globalLimit() || perHost != limiter.perHostLimit()) {
      limiter.setLimits(global, perHost);
    }
  }
}
