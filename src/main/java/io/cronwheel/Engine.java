package io.cronwheel;

import io.cronwheel.alert.AlertDelivery;
import io.cronwheel.alert.AlertSettings;
import io.cronwheel.alert.AlertTracker;
import io.cronwheel.alert.AlertVerticle;
import io.cronwheel.alert.AlertWriter;
import io.cronwheel.alert.PgAlertStore;
import io.cronwheel.api.ApiVerticle;
import io.cronwheel.cluster.ClusterMetrics;
import io.cronwheel.cluster.ClusterNode;
import io.cronwheel.cluster.JobChangeFeed;
import io.cronwheel.cluster.LeaseManager;
import io.cronwheel.config.ClusterConfig;
import io.cronwheel.config.CronwheelConfig;
import io.cronwheel.dispatch.BreakerSettings;
import io.cronwheel.dispatch.ConcurrencyLimiter;
import io.cronwheel.dispatch.ConcurrencySettings;
import io.cronwheel.dispatch.DispatchEnvironment;
import io.cronwheel.dispatch.DispatchSettings;
import io.cronwheel.dispatch.DispatcherFactory;
import io.cronwheel.dispatch.FailureLog;
import io.cronwheel.dispatch.Hosts;
import io.cronwheel.dispatch.HttpDispatcher;
import io.cronwheel.dispatch.TargetSecurity;
import io.cronwheel.metrics.MicrometerEngineEvents;
import io.cronwheel.model.JobLimits;
import io.cronwheel.model.Partitioner;
import io.cronwheel.runtime.Deployments;
import io.cronwheel.runtime.PeriodicTask;
import io.cronwheel.store.BatchSettings;
import io.cronwheel.store.BoundedExecutionWriter;
import io.cronwheel.store.ExecutionBatcher;
import io.cronwheel.store.ExecutionBatcherVerticle;
import io.cronwheel.store.HistoryPartitions;
import io.cronwheel.store.JobAdmission;
import io.cronwheel.store.PgAuditStore;
import io.cronwheel.store.PgExecutionStore;
import io.cronwheel.store.PgHistoryPartitions;
import io.cronwheel.store.PgJobStore;
import io.cronwheel.store.PgLeaseStore;
import io.cronwheel.store.PgPartitionStore;
import io.cronwheel.store.PgProgressStore;
import io.cronwheel.store.PgSettingsStore;
import io.cronwheel.store.PgTokenStore;
import io.cronwheel.store.RetentionSweeper;
import io.cronwheel.store.SecretBox;
import io.cronwheel.time.Clock;
import io.cronwheel.wheel.PartitionSettings;
import io.cronwheel.wheel.Partitions;
import io.micrometer.core.instrument.Gauge;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running cronwheel, started in named steps, each a future that begins when the one before it
 * is done:
 *
 * <ol>
 *   <li>deploy the writers: the execution batcher (partitions record into it), alerts and the
 *       background tasks;
 *   <li>join the cluster ({@link ClusterNode}): take the leases of this node's share of the
 *       partitions that are free, and deploy a verticle per lease won; each runs its own start-up
 *       alone (its progress mark, its unfinished executions, its jobs, settling, firing), the
 *       downtime replayed beside its live seconds. Later leases (a takeover, a rebalance) start the
 *       same way; lost or handed-over ones stop;
 *   <li>open the API last, so an early API change cannot be overwritten by a load.
 * </ol>
 *
 * <p>A stop undeploys in reverse ({@link Deployments}), so the batcher writes the last records
 * last. The length is the wiring: every part of the engine is built here once, and nowhere else.
 */
public final class Engine {
  private static final Logger log = LoggerFactory.getLogger(Engine.class);

  /** Any other statement of the engine's: a database that stops answering must not hang it. */
  private static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(5);

  /** Record batches: bigger statements, a little longer. */
  private static final Duration BATCH_TIMEOUT = Duration.ofSeconds(10);

  private static final Duration RETENTION_SWEEP_EVERY = Duration.ofMinutes(1);
  private static final Duration FAILURE_LOG_EVERY = Duration.ofSeconds(10);

  private final CronwheelConfig config;
  private final Clock clock;
  private final EngineRuntime runtime;
  private final Deployments deployments;
  private final MicrometerEngineEvents events;
  private final Partitioner partitioner;
  private final Partitions partitions;
  private final PgLeaseStore leases;
  private final LeaseManager leaseManager;
  private final PgExecutionStore executions;
  private final PgHistoryPartitions historyPartitions;
  private final PgJobStore jobs;
  private final PgProgressStore progress;
  private final PgAlertStore alertStore;
  private final ConcurrencyLimiter limiter;
  private final Hosts hosts;
  private final FailureLog failures;
  private final DispatchEnvironment dispatch;
  private final ConcurrencySettings concurrency;
  private final ExecutionBatcher batcher;
  private final AlertTracker alertTracker;
  private final JobAdmission admission;
  private final AlertVerticle alerts;
  private final ApiVerticle api;
  private final PgTokenStore tokens;
  private final SecretBox secrets;
  private final TargetSecurity targetSecurity;

  private Engine(CronwheelConfig config, PgConnectOptions db, Clock clock) {
    this.config = config;
    this.clock = clock;
    runtime = new EngineRuntime(config, db);
    secrets = new SecretBox(config.security().secretKey());
    if (!secrets.encrypts()) {
      log.warn(
          "CRONWHEEL_SECRET_KEY is not set: secret header values (Authorization, Cookie, ...) are"
              + " stored in plain text in the jobs table");
    }
    targetSecurity =
        TargetSecurity.of(config.security().targetPolicy(), config.security().targetCaBundle());
    deployments = new Deployments(runtime.vertx);
    events = new MicrometerEngineEvents(runtime.registry, config.partitions(), clock);
    partitioner = new Partitioner(config.partitions());
    partitions = new Partitions(partitioner);
    leases = new PgLeaseStore(runtime.pool, leaseStatementTimeout(config.cluster()));
    executions = new PgExecutionStore(runtime.pool);
    historyPartitions =
        new PgHistoryPartitions(
            runtime.vertx,
            db,
            new HistoryPartitions(
                config.executionPartitionInterval(), config.executionRetention()));
    jobs = new PgJobStore(runtime.apiPool, partitioner, secrets);
    tokens = new PgTokenStore(runtime.apiPool);
    progress = new PgProgressStore(runtime.pool);
    // Names this engine's alert claims; a restarted engine is a new claimant.
    alertStore = new PgAlertStore(runtime.pool, "engine-" + UUID.randomUUID());
    limiter = new ConcurrencyLimiter(config.maxInFlight(), config.maxInFlightPerHost());
    hosts = new Hosts(BreakerSettings.DEFAULTS, clock);
    failures = new FailureLog();
    dispatch =
        new DispatchEnvironment(
            clock,
            new DispatchSettings(
                config.httpPoolSize(),
                config.httpPipeliningLimit(),
                config.httpConnectTimeout(),
                config.httpMaxConnectingPerHost(),
                config.permitWait(),
                config.executionDeadline()),
            limiter,
            hosts,
            failures,
            events,
            targetSecurity);
    concurrency = new ConcurrencySettings(new PgSettingsStore(runtime.pool), limiter);
    batcher =
        new ExecutionBatcher(
            new BoundedExecutionWriter(executions, BATCH_TIMEOUT),
            events,
            new BatchSettings(
                config.batchSize(), config.batchInterval(), config.recordQueueCapacity()),
            clock);
    AlertSettings alertSettings =
        AlertSettings.of(config.alertInterval(), config.alertDeliveryCap());
    AlertWriter alertWriter =
        new AlertWriter(
            alertStore,
            events,
            AlertWriter.DEFAULT_QUEUE_CAPACITY,
            AlertWriter.DEFAULT_BUFFER_CAPACITY);
    alertTracker =
        new AlertTracker(alertSettings, config.alertWebhook(), clock, events, alertWriter::offer);
    AlertDelivery alertDelivery =
        new AlertDelivery(
            alertStore,
            alertSettings,
            clock,
            events,
            () -> ThreadLocalRandom.current().nextDouble());
    alerts =
        new AlertVerticle(
            alertTracker,
            alertWriter,
            alertDelivery,
            alertStore,
            alertSettings,
            clock,
            targetSecurity);
    admission =
        new JobAdmission(
            new JobLimits(config.maxTargetBodyBytes()),
            config.jobMemoryBudgetBytes(),
            partitioner,
            events);
    leaseManager =
        new LeaseManager(
            config.partitions(),
            config.cluster(),
            leases,
            partitionHost(),
            clock,
            new ClusterMetrics(runtime.registry, config.cluster().nodeId()));
    api =
        new ApiVerticle(
            new ApiVerticle.Dependencies(
                runtime.apiPool,
                jobs,
                admission,
                new PgExecutionStore(runtime.apiPool),
                alertStore,
                new LocalEngineControl(
                    partitions,
                    batcher,
                    limiter,
                    concurrency,
                    events,
                    new LocalEngineControl.Cluster(
                        config.cluster(), leases, () -> leaseManager.ready())),
                runtime.registry,
                clock,
                new ApiVerticle.Access(tokens, new PgAuditStore(runtime.apiPool), config.auth()),
                config.security().targetPolicy(),
                config
                    .security()
                    .apiTls()
                    .map(
                        tls ->
                            new ApiVerticle.ApiTls(tls.cert().toString(), tls.key().toString()))),
            config.httpHost(),
            config.httpPort(),
            config.maxBodyBytes());
    Gauge.builder("cronwheel.records.backlog", batcher, ExecutionBatcher::backlog)
        .description("Execution records waiting to be written")
        .register(runtime.registry);
    Gauge.builder("cronwheel.concurrency.inflight", limiter, ConcurrencyLimiter::inFlight)
        .description("Requests holding a concurrency permit")
        .register(runtime.registry);
    Gauge.builder("cronwheel.alerts.episodes", alertTracker, AlertTracker::episodes)
        .description("Jobs tracked for alerting: failing, or told about within the last interval")
        .register(runtime.registry);
    Gauge.builder("cronwheel.alerts.unstored", alertWriter, AlertWriter::backlog)
        .description("Alerts raised and not yet stored")
        .register(runtime.registry);
    Gauge.builder("cronwheel.alerts.inflight", alertDelivery, AlertDelivery::inFlight)
        .description("Alerts being delivered")
        .register(runtime.registry);
    Gauge.builder("cronwheel.jobs.memory.bytes", admission, JobAdmission::chargedBytes)
        .description("Estimated heap of the scheduled jobs' definitions")
        .register(runtime.registry);
    Gauge.builder("cronwheel.jobs.memory.budget.bytes", admission, JobAdmission::budgetBytes)
        .description("CRONWHEEL_JOB_MEMORY_BUDGET")
        .register(runtime.registry);
  }

  /** Starts everything; the database must already be migrated. */
  public static Future<Engine> start(CronwheelConfig config, PgConnectOptions db, Clock clock) {
    Engine engine = new Engine(config, db, clock);
    // A context-free promise: its waiters must still hear the outcome after a failed start closed
    // Vert.x.
    Promise<Engine> started = Promise.promise();
    engine
        .startUp()
        .onComplete(
            ar -> {
              if (ar.succeeded()) {
                started.complete(engine);
              } else {
                engine.shutDown().onComplete(closed -> started.fail(ar.cause()));
              }
            });
    return started.future();
  }

  private Future<Void> startUp() {
    // The coming hours' partitions exist before the first claim; a failed run only logs: rows
    // then land in the default partition until the next one.
    return deployWriters()
        .compose(v -> keepHistory().otherwiseEmpty())
        .compose(v -> joinCluster())
        .compose(v -> openApi());
  }

  /** Creates the coming partitions of the executions table and drops the expired ones. */
  private Future<Void> keepHistory() {
    return historyPartitions
        .maintain(clock.instant())
        .onFailure(
            error ->
                log.warn(
                    "history partition upkeep failed, will try again in {}: {}",
                    RETENTION_SWEEP_EVERY,
                    error.getMessage()))
        .mapEmpty();
  }

  private Future<Void> deployWriters() {
    List<PeriodicTask> tasks = new ArrayList<>();
    tasks.add(
        new PeriodicTask(
            "concurrency settings poll",
            ConcurrencySettings.POLL_INTERVAL,
            true,
            concurrency::refresh));
    tasks.add(
        new PeriodicTask(
            "failure log",
            FAILURE_LOG_EVERY,
            false,
            () -> {
              failures.flush(FAILURE_LOG_EVERY.toSeconds() + " s");
              return Future.succeededFuture();
            }));
    tasks.add(
        new PeriodicTask(
            "recent activity sample",
            Duration.ofSeconds(1),
            false,
            () -> {
              events.activity().sample();
              return Future.succeededFuture();
            }));
    tasks.add(
        new PeriodicTask(
            "idle host eviction",
            Duration.ofMinutes(1),
            false,
            () -> {
              hosts.evictIdle();
              return Future.succeededFuture();
            }));
    tasks.add(
        new PeriodicTask(
            "history partition upkeep", RETENTION_SWEEP_EVERY, false, this::keepHistory));
    if (!config.executionRetention().isZero()) {
      RetentionSweeper defaultPartitionSweeper =
          new RetentionSweeper(
              "execution(s) outside the time partitions",
              executions::deleteFinishedBefore,
              config.executionRetention(),
              clock);
      RetentionSweeper alertSweeper =
          new RetentionSweeper(
              "finished alert(s)",
              alertStore::deleteFinishedBefore,
              config.executionRetention(),
              clock);
      tasks.add(
          new PeriodicTask(
              "retention sweep",
              RETENTION_SWEEP_EVERY,
              false,
              () -> defaultPartitionSweeper.sweep().compose(n -> alertSweeper.sweep())));
    }
    return deployments
        .deploy(new ExecutionBatcherVerticle(batcher, config.shutdownGrace()))
        .compose(v -> deployments.deploy(alerts))
        .compose(v -> deployments.deployAll(tasks));
  }

  /** How partitions are started when their lease is won: the pieces every partition shares. */
  private ClusterPartitions partitionHost() {
    PartitionSettings settings =
        new PartitionSettings(
            config.wheelSlots(),
            config.claimLookahead(),
            config.misfireThreshold(),
            config.recoveryHorizon(),
            config.shutdownGrace(),
            Math.max(1, config.catchUpRate() / config.partitions()));
    PgPartitionStore.Timeouts timeouts =
        new PgPartitionStore.Timeouts(claimTimeout(config.claimLookahead()), STATEMENT_TIMEOUT);
    PgJobStore loader = new PgJobStore(runtime.pool, partitioner, secrets);
    DispatcherFactory dispatchers =
        (partition, timers, listener) ->
            HttpDispatcher.create(runtime.vertx, dispatch, partition, timers, listener);
    for (int partition = 0; partition < config.partitions(); partition++) {
      int p = partition;
      Gauge.builder("cronwheel.jobs.scheduled", partitions, all -> all.jobCount(p))
          .tag("partition", Integer.toString(partition))
          .description("Jobs scheduled in the partition (0 where another node fires it)")
          .register(runtime.registry);
    }
    return new ClusterPartitions(
        runtime.vertx,
        config.cluster().nodeId(),
        partitions,
        new ClusterPartitions.Shared(batcher, alertTracker, events, dispatchers, settings, clock),
        fence -> new PgPartitionStore(fence, executions, progress, loader, admission, timeouts),
        admission::partitionStopped);
  }

  /**
   * Joins the cluster; completes once the partitions free at start-up fire (all of them for a
   * single node).
   */
  private Future<Void> joinCluster() {
    JobChangeFeed feed =
        new JobChangeFeed(
            new PgJobStore(runtime.pool, partitioner, secrets),
            job -> {
              if (admission.refusal(job).isEmpty()) {
                partitions.jobChanged(job);
              }
            });
    ClusterNode node =
        new ClusterNode(
            config.cluster(),
            config.cluster().address(),
            config.partitions(),
            leases,
            leaseManager,
            feed,
            runtime.db);
    return deployments.deploy(node).onSuccess(v -> admission.loadFinished());
  }

  /** Lease statements answer well inside the firing window, or count as failed. */
  static Duration leaseStatementTimeout(ClusterConfig cluster) {
    return Duration.ofMillis(
        Math.min(STATEMENT_TIMEOUT.toMillis(), cluster.leaseTtl().toMillis() / 4));
  }

  /**
   * Claims are asked for about {@code lookahead - 0.5 s} before their second; they must be answered
   * (or given up) before it, so an at-most-once second is skipped rather than sent late.
   */
  static Duration claimTimeout(Duration lookahead) {
    return Duration.ofMillis(Math.max(250, lookahead.toMillis() - 600));
  }

  private Future<Void> openApi() {
    return TokenBootstrap.run(config.auth(), tokens, clock)
        .compose(v -> deployments.deploy(api))
        .onSuccess(
            v ->
                log.info(
                    "cronwheel listening on {}:{} with {} partition(s) on {} event loop(s), {} transport",
                    config.httpHost(),
                    api.actualPort(),
                    leaseManager.held().size(),
                    config.eventLoops(),
                    runtime.vertx.isNativeTransportEnabled() ? "epoll" : "NIO"));
  }

  /** The port the API listens on. */
  public int port() {
    return api.actualPort();
  }

  /** The API verticle (tests compare its routes with the OpenAPI document). */
  public ApiVerticle api() {
    return api;
  }

  public MicrometerEngineEvents events() {
    return events;
  }

  /**
   * Graceful stop: close the API, stop firing and let requests in flight finish (bounded by the
   * shutdown grace), write every pending execution record, then close the pools and Vert.x.
   */
  public Future<Void> stop() {
    return shutDown();
  }

  private Future<Void> shutDown() {
    Future<Void> undeployed = deployments.undeployAll().eventually(runtime::closePools);
    Promise<Void> stopped = Promise.promise();
    undeployed.onComplete(
        result ->
            runtime
                .closeVertx()
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
}
