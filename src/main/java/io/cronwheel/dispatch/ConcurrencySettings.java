package io.cronwheel.dispatch;

import io.cronwheel.model.AuditEntry;
import io.cronwheel.store.SettingsStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The concurrency caps of the {@link ConcurrencyLimiter} as a persisted, live setting: stored under
 * one key in PostgreSQL, applied to the local {@link ConcurrencyLimiter} at once when changed here,
 * and polled every second so that every engine on the database picks up a change made through any
 * of them.
 */
public final class ConcurrencySettings {
  public static final String KEY = "concurrency";
  private static final Logger log = LoggerFactory.getLogger(ConcurrencySettings.class);

  /** How often the stored caps are read again, so a change made through another engine arrives. */
  public static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

  private final SettingsStore store;
  private final ConcurrencyLimiter limiter;

  public ConcurrencySettings(SettingsStore store, ConcurrencyLimiter limiter) {
    this.store = store;
    this.limiter = limiter;
  }

  /** Stores and applies new caps; {@code audit} is written with them. */
  public Future<Void> update(int maxInFlight, int maxInFlightPerHost, AuditEntry audit) {
    JsonObject value =
        new JsonObject()
            .put("maxInFlight", maxInFlight)
            .put("maxInFlightPerHost", maxInFlightPerHost);
    return store
        .put(KEY, value, audit)
        .onSuccess(
            v -> {
              apply(value);
              log.info(
                  "concurrency caps set: {} in flight, {} per host",
                  maxInFlight,
                  maxInFlightPerHost);
            });
  }

  /** Reads the stored caps and applies them if they changed; run every {@link #POLL_INTERVAL}. */
  public Future<Void> refresh() {
    return store
        .get(KEY)
        .map(
            stored -> {
              stored.ifPresent(this::apply);
              return null;
            });
  }

  private void apply(JsonObject value) {
    int global = value.getInteger("maxInFlight", limiter.globalLimit());
    int perHost = value.getInteger("maxInFlightPerHost", limiter.perHostLimit());
    if (global != limiter.globalLimit() || perHost != limiter.perHostLimit()) {
      limiter.setLimits(global, perHost);
    }
  }
}
