package io.cronwheel;

import io.cronwheel.config.CronwheelConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** What one engine runs on: Vert.x with its metrics registry, and its two PostgreSQL pools. */
final class EngineRuntime {
  /** Connections of the API's pool, a bulkhead apart from the engine's. */
  private static final int API_POOL_SIZE = 4;

  private static final int MAX_WAIT_QUEUE = 1024;
  private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration TCP_USER_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration SERVER_STATEMENT_TIMEOUT = Duration.ofSeconds(60);

  final Vertx vertx;

  /** The database, for connections of their own (the cluster's LISTEN). */
  final PgConnectOptions db;

  final PrometheusMeterRegistry registry;

  /** Claims, progress and record batches: few statements, each thousands of rows. */
  final Pool pool;

  /** API requests, which never queue behind multi-thousand-row claim and record statements. */
  final Pool apiPool;

  EngineRuntime(CronwheelConfig config, PgConnectOptions db) {
    this.db = db;
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
            .with(
                bounded(new PoolOptions().setMaxSize(config.dbPoolSize()))
                    .setName("cronwheel-engine"))
            .with(tcp())
            .connectingTo(guarded(db).setPipeliningLimit(256))
            .using(vertx)
            .build();
    apiPool =
        PgBuilder.pool()
            .with(bounded(new PoolOptions().setMaxSize(API_POOL_SIZE)).setName("cronwheel-api"))
            .with(tcp())
            .connectingTo(guarded(db))
            .using(vertx)
            .build();
  }

  /**
   * A statement waits for a connection at most a few seconds, behind at most a bounded queue: with
   * the database gone silent, callers hear so quickly instead of piling up.
   */
  private static PoolOptions bounded(PoolOptions options) {
    return options
        .setMaxWaitQueueSize(MAX_WAIT_QUEUE)
        .setConnectionTimeout((int) CONNECTION_TIMEOUT.toSeconds())
        .setConnectionTimeoutUnit(TimeUnit.SECONDS);
  }

  /**
   * A TCP user timeout, so a connection whose peer stopped acknowledging what was sent (a failover,
   * a dropped network) is closed by the kernel instead of hanging; and TCP keep-alive for idle
   * connections behind NATs and load balancers.
   */
  private static NetClientOptions tcp() {
    return new NetClientOptions()
        .setTcpKeepAlive(true)
        .setTcpUserTimeout((int) TCP_USER_TIMEOUT.toMillis());
  }

  /** A server-side statement timeout, the last line behind each statement's own deadline. */
  private static PgConnectOptions guarded(PgConnectOptions db) {
    PgConnectOptions options = new PgConnectOptions(db).setCachePreparedStatements(true);
    options.addProperty("statement_timeout", Long.toString(SERVER_STATEMENT_TIMEOUT.toMillis()));
    return options;
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
