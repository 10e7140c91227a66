package io.cronwheel;

import io.cronwheel.config.CronwheelConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/** What one engine runs on: Vert.x with its metrics registry, and its two PostgreSQL pools. */
final class EngineRuntime {
  /** Connections of the API's pool, a bulkhead apart from the engine's. */
  private static final int API_POOL_SIZE = 4;

  final Vertx vertx;
  final PrometheusMeterRegistry registry;

  /** Claims, progress and record batches: few statements, each thousands of rows. */
  final Pool pool;

  /** API requests, which never queue behind multi-thousand-row claim and record statements. */
  final Pool apiPool;

  EngineRuntime(CronwheelConfig config, PgConnectOptions db) {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    vertx =
        Vertx.builder()
            .with(
                new VertxOptions()
                    .setEventLoopPoolSize(config.eventLoops())
                    .setPreferNativeTransport(true)
                    // Per-request HTTP client meters cost more than the rest of a fire; cronwheel's
                    // own
                    // meters cover it.
                    .setMetricsOptions(
                        new MicrometerMetricsOptions()
                            .setEnabled(true)
                            .setJvmMetricsEnabled(true)
                            .addDisabledMetricsCategory(MetricsDomain.HTTP_CLIENT)))
            .withMetrics(new MicrometerMetricsFactory(registry))
            .build();
    pool =
        PgBuilder.pool()
            .with(new PoolOptions().setMaxSize(config.dbPoolSize()).setName("cronwheel-engine"))
            .connectingTo(
                new PgConnectOptions(db).setPipeliningLimit(256).setCachePreparedStatements(true))
            .using(vertx)
            .build();
    apiPool =
        PgBuilder.pool()
            .with(new PoolOptions().setMaxSize(API_POOL_SIZE).setName("cronwheel-api"))
            .connectingTo(new PgConnectOptions(db).setCachePreparedStatements(true))
            .using(vertx)
            .build();
  }

  Future<Void> closePools() {
    return pool.close().eventually(apiPool::close);
  }

  /**
   * Closes Vert.x from a thread of its own: a close chained onto an event-loop future would try to
   * report completion to a loop that the close has just terminated, and never complete.
   */
  Future<Void> closeVertx() {
    Promise<Void> closed = Promise.promise();
    new Thread(() -> vertx.close().onComplete(ar -> closed.complete()), "cronwheel-close").start();
    return closed.future();
  }
}
