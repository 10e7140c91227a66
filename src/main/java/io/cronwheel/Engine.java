package io.cronwheel;

import io.cronwheel.alert.AlertVerticle;
import io.cronwheel.alert.PgAlertStore;
import io.cronwheel.api.ApiVerticle;
import io.cronwheel.cluster.PartitionOwnership;
import io.cronwheel.cluster.Partitioner;
import io.cronwheel.cluster.StaticPartitionOwnership;
import io.cronwheel.config.CronwheelConfig;
import io.cronwheel.dispatch.ConcurrencyLimiter;
import io.cronwheel.dispatch.ConcurrencySettings;
import io.cronwheel.metrics.MicrometerEngineEvents;
import io.cronwheel.store.ExecutionBatcher;
import io.cronwheel.store.PgExecutionStore;
import io.cronwheel.store.PgJobStore;
import io.cronwheel.store.PgProgressStore;
import io.cronwheel.store.PgSettingsStore;
import io.cronwheel.store.RetentionSweeper;
import io.cronwheel.time.Clock;
import io.cronwheel.wheel.PartitionVerticle;
import io.cronwheel.wheel.Partitions;
import io.micrometer.core.instrument.Gauge;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running cronwheel: Vert.x with its metrics, the PostgreSQL pool, the execution batcher, one
 * verticle per owned partition, and the API. Start-up order matters: the batcher before the
 * partitions (they record into it), jobs deployed from their recorded progress, executions an
 * earlier run left unfinished handed to their partitions, jobs loaded (the downtime is replayed
 * through the misfire policies), those unfinished executions settled, and only then the API opened
 * (so an early API change cannot be overwritten by the load); the reverse on stop.
 */
public final class Engine {
  private static final Logger log = LoggerFactory.getLogger(Engine.class);
  private static final int LOAD_PAGE_SIZE = 10_000;
  private static final int API_POOL_SIZE = 4;
  private static final java.time.Duration RETENTION_SWEEP_EVERY = java.time.Duration.ofMinutes(1);

  /**
   * Progress marks fresher than this may belong to a live engine: watch them that long before
   * deciding.
   */
  private static final java.time.Duration LIVE_ENGINE_WINDOW = java.time.Duration.ofSeconds(3);

  private final Vertx vertx;
  private final Pool pool;
  private final Pool apiPool;
  private final PrometheusMeterRegistry registry;
  private final MicrometerEngineEvents events;
  private final Partitions partitions;
  private final List<String> partitionDeployments = new ArrayList<>();
  private String batcherDeployment;
  private String alertsDeployment;
  private String apiDeployment;
  private long settingsTimer = -1;
  private long retentionTimer = -1;
  private boolean anotherEngineLive;
  private ApiVerticle api;

  private Engine(CronwheelConfig config, PgConnectOptions db) {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    vertx =
        Vertx.builder()
            .with(
                new VertxOptions()
                    .setEventLoopPoolSize(config.eventLoops())
                    .setPreferNativeTransport(true)
                    // Per-request HTTP client meters cost more than the rest of a fire; cronwheel's
                    // own meters cover it.
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
    // A bulkhead: API requests never queue behind multi-thousand-row claim and record statements.
    apiPool =
        PgBuilder.pool()
            .with(new PoolOptions().setMaxSize(API_POOL_SIZE).setName("cronwheel-api"))
            .connectingTo(new PgConnectOptions(db).setCachePreparedStatements(true))
            .using(vertx)
            .build();
    events = new MicrometerEngineEvents(registry, config.partitions());
    partitions = new Partitions(new Partitioner(config.partitions()));
  }

  /** Starts everything; the database must already be migrated. */
  public static Future<Engine> start(CronwheelConfig config, PgConnectOptions db, Clock clock) {
    Engine engine = new Engine(config, db);
    // A context-free promise: its waiters must still hear the outcome after a failed start closed
    // Vert.x.
    Promise<Engine> started = Promise.promise();
    engine
        .deploy(config, clock, new StaticPartitionOwnership(config.partitions()))
        .onComplete(
            ar -> {
              if (ar.succeeded()) {
                started.complete(engine);
              } else {
                closeOffLoop(engine.vertx).onComplete(closed -> started.fail(ar.cause()));
              }
            });
    return started.future();
  }

  private Future<Void> deploy(CronwheelConfig config, Clock clock, PartitionOwnership ownership) {
    PgExecutionStore executions = new PgExecutionStore(pool);
    PgJobStore jobs = new PgJobStore(apiPool);
    PgProgressStore progress = new PgProgressStore(pool);
    ConcurrencyLimiter limiter =
        new ConcurrencyLimiter(config.maxInFlight(), config.maxInFlightPerHost());
    ConcurrencySettings concurrency = new ConcurrencySettings(new PgSettingsStore(pool), limiter);
    ExecutionBatcher batcher =
        new ExecutionBatcher(
            executions,
            events,
            config.batchSize(),
            config.batchInterval(),
            config.recordQueueCapacity());
    Gauge.builder("cronwheel.records.backlog", batcher, ExecutionBatcher::backlog)
        .description("Execution records waiting to be written")
        .register(registry);
    Gauge.builder("cronwheel.concurrency.inflight", limiter, ConcurrencyLimiter::inFlight)
        .description("Requests holding a concurrency permit")
        .register(registry);
    PgAlertStore alertStore = new PgAlertStore(pool);
    AlertVerticle alerts = new AlertVerticle(alertStore, config.alertWebhook(), clock, events);
    PartitionVerticle.Dependencies partitionDeps =
        new PartitionVerticle.Dependencies(
            config, clock, executions, progress, batcher, events, limiter, alerts);
    return vertx
        .deployVerticle(batcher)
        .compose(
            id -> {
              batcherDeployment = id;
              return vertx.deployVerticle(alerts);
            })
        .compose(
            id -> {
              alertsDeployment = id;
              return progress.loadMarks();
            })
        .compose(
            marks ->
                otherEngineLive(progress, executions, marks)
                    .compose(
                        live -> {
                          anotherEngineLive = live;
                          return deployPartitions(
                              ownership, partitionDeps, marks.dispatchedThrough());
                        }))
        .compose(v -> executions.unfinished())
        .compose(
            unfinished -> {
              unfinished.forEach(
                  row -> {
                    PartitionVerticle owner = partitions.ownerOf(row.jobId());
                    if (owner != null) {
                      owner.recover(row, !anotherEngineLive);
                    }
                  });
              return loadJobs(jobs);
            })
        .compose(
            v -> {
              partitions.deployed().forEach(PartitionVerticle::settleRecovered);
              settingsTimer = concurrency.startPolling(vertx);
              if (!config.executionRetention().isZero()) {
                retentionTimer =
                    new RetentionSweeper(executions, config.executionRetention(), clock)
                        .start(vertx, RETENTION_SWEEP_EVERY);
              }
              api =
                  new ApiVerticle(
                      new ApiVerticle.Dependencies(
                          apiPool,
                          jobs,
                          new PgExecutionStore(apiPool),
                          partitions,
                          registry,
                          batcher::backlog,
                          concurrency,
                          alertStore,
                          clock),
                      config.httpHost(),
                      config.httpPort(),
                      config.maxBodyBytes());
              return vertx.deployVerticle(api);
            })
        .onSuccess(
            id -> {
              apiDeployment = id;
              log.info(
                  "cronwheel listening on {}:{} with {} partition(s) on {} event loop(s), {} transport",
                  config.httpHost(),
                  api.actualPort(),
                  ownership.owned().size(),
                  config.eventLoops(),
                  vertx.isNativeTransportEnabled() ? "epoll" : "NIO");
            })
        .mapEmpty();
  }

  /**
   * Whether another engine is firing from this database right now: its progress marks are still
   * moving. Then its claims on the coming seconds are its own business, not leftovers of a crashed
   * run to adopt. Watched for a window when the marks are fresh, or when seconds ahead are claimed:
   * an engine started a moment earlier has claimed its next seconds before it records its first
   * mark, so a mark appearing counts as moving.
   */
  private Future<Boolean> otherEngineLive(
      PgProgressStore progress, PgExecutionStore executions, PgProgressStore.Marks marks) {
    Future<Boolean> worthWatching =
        marks.freshestAgeSeconds() <= LIVE_ENGINE_WINDOW.toSeconds()
            ? Future.succeededFuture(true)
            : executions.claimsAhead();
    return worthWatching.compose(
        watch -> {
          if (!watch) {
            return Future.succeededFuture(false);
          }
          Promise<Boolean> live = Promise.promise();
          vertx.setTimer(
              LIVE_ENGINE_WINDOW.toMillis(),
              id ->
                  progress
                      .loadMarks()
                      .onComplete(
                          ar -> {
                            boolean moved =
                                ar.succeeded()
                                    && ar.result().dispatchedThrough().entrySet().stream()
                                        .anyMatch(
                                            e ->
                                                e.getValue()
                                                    > marks
                                                        .dispatchedThrough()
                                                        .getOrDefault(e.getKey(), Long.MIN_VALUE));
                            if (moved) {
                              log.warn(
                                  "another engine is firing from this database; partitions are not yet shared between engines, "
                                      + "so run one engine per database");
                            }
                            live.complete(moved);
                          }));
          return live.future();
        });
  }

  private Future<Void> deployPartitions(
      PartitionOwnership ownership,
      PartitionVerticle.Dependencies deps,
      Map<Integer, Long> progress) {
    List<Future<String>> deployments = new ArrayList<>();
    for (int partition : ownership.owned()) {
      PartitionVerticle verticle = new PartitionVerticle(partition, deps, progress.get(partition));
      partitions.register(verticle);
      Gauge.builder("cronwheel.jobs.scheduled", verticle, PartitionVerticle::jobCount)
          .tag("partition", Integer.toString(partition))
          .description("Jobs scheduled in the partition")
          .register(registry);
      deployments.add(vertx.deployVerticle(verticle).onSuccess(partitionDeployments::add));
    }
    return Future.all(deployments).mapEmpty();
  }

  private Future<Void> loadJobs(PgJobStore jobs) {
    long start = System.nanoTime();
    return jobs.loadScheduled(LOAD_PAGE_SIZE, partitions::load)
        .onSuccess(
            count ->
                log.info(
                    "loaded {} scheduled job(s) in {} ms",
                    count,
                    (System.nanoTime() - start) / 1_000_000))
        .mapEmpty();
  }

  /** The port the API listens on. */
  public int port() {
    return api.actualPort();
  }

  public Vertx vertx() {
    return vertx;
  }

  public MicrometerEngineEvents events() {
    return events;
  }

  /**
   * Graceful stop: close the API, stop firing and let requests in flight finish (bounded by the
   * shutdown grace), write every pending execution record, then close the pool and Vert.x.
   */
  public Future<Void> stop() {
    vertx.cancelTimer(settingsTimer);
    vertx.cancelTimer(retentionTimer);
    Future<Void> apiStopped =
        apiDeployment == null ? Future.succeededFuture() : vertx.undeploy(apiDeployment);
    Future<Void> drained =
        apiStopped
            .compose(v -> Future.join(partitionDeployments.stream().map(vertx::undeploy).toList()))
            .compose(
                v ->
                    batcherDeployment == null
                        ? Future.succeededFuture()
                        : vertx.undeploy(batcherDeployment))
            .compose(
                v ->
                    alertsDeployment == null
                        ? Future.succeededFuture()
                        : vertx.undeploy(alertsDeployment))
            .eventually(pool::close)
            .eventually(apiPool::close)
            .mapEmpty();
    Promise<Void> stopped = Promise.promise();
    drained.onComplete(
        result ->
            closeOffLoop(vertx)
                .onComplete(
                    closed -> {
                      if (result.succeeded()) {
                        stopped.complete();
                      } else {
                        stopped.fail(result.cause());
                      }
                    }));
    return stopped.future();
  }

  /**
   * Closes Vert.x from a thread of its own: a close chained onto an event-loop future would try to
   * report completion to a loop that the close has just terminated, and never complete.
   */
  private static Future<Void> closeOffLoop(Vertx vertx) {
    Promise<Void> closed = Promise.promise();
    new Thread(() -> vertx.close().onComplete(ar -> closed.complete()), "cronwheel-close").start();
    return closed.future();
  }
}
