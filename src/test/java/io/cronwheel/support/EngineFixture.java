package io.cronwheel.support;

import io.cronwheel.Engine;
import io.cronwheel.config.ConfigLoader;
import io.cronwheel.config.CronwheelConfig;
import io.cronwheel.store.Database;
import io.cronwheel.time.SystemClock;
import io.vertx.pgclient.PgConnectOptions;
import java.util.HashMap;
import java.util.Map;

/** Starts a real engine in this JVM on a random port against a test database. */
public final class EngineFixture {
  private EngineFixture() {}

  public static Engine start(PgConnectOptions db, Map<String, String> env) {
    Map<String, String> all = new HashMap<>();
    all.put("CRONWHEEL_HTTP_HOST", "127.0.0.1");
    all.put("CRONWHEEL_HTTP_PORT", "0");
    all.put("CRONWHEEL_EVENT_LOOPS", "2");
    all.put("CRONWHEEL_PARTITIONS", "4");
    all.put("CRONWHEEL_SHUTDOWN_GRACE", "5s");
    all.put("CRONWHEEL_ADMIN_TOKEN", Api.ADMIN_TOKEN);
    all.putAll(env);
    CronwheelConfig config = ConfigLoader.fromEnv(all);
    config = config.withPartitions(Database.prepare(db, config));
    return Engine.start(config, db, SystemClock.INSTANCE).await();
  }

  public static Engine start(PgConnectOptions db) {
    return start(db, Map.of());
  }
}
