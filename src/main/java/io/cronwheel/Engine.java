package io.cronwheel;

import io.cronwheel.alert.AlertVerticle;
import io.cronwheel.alert.PgAlertStore;
import io.cronwheel.api.ApiVerticle;
import io.cronwheel.cluster.LiveEngineDetector;
import io.cronwheel.cluster.PartitionOwnership;
import io.cronwheel.cluster.StaticPartitionOwnership;
import io.cronwheel.config.CronwheelConfig;
import io.cronwheel.dispatch.ConcurrencyLimiter;
import io.cronwheel.dispatch.ConcurrencySettings;
import io.cronwheel.dispatch.DispatchEnvironment;
import io.cronwheel.dispatch.DispatchSettings;
import io.cronwheel.dispatch.DispatcherFactory;
import io.cronwheel.dispatch.HttpDispatcher;
import io.cronwheel.metrics.MicrometerEngineEvents;
import io.cronwheel.model.JobLimits;
import io.cronwheel.model.Partitioner;
import io.cronwheel.runtime.Deployments;
import io.cronwheel.runtime.PeriodicTask;
import io.cronwheel.store.BatchSettings;
import io.cronwheel.store.ExecutionBatcher;
import io.cronwheel.store.ExecutionBatcherVerticle;
import io.cronwheel.store.JobAdmission;
import io.cronwheel.store.PgExecutionStore;
import io.cronwheel.store.PgJobStore;
import io.cronwheel.store.PgPartitionStore;
import io.cronwheel.store.PgProgressStore;
import io.cronwheel.store.PgSettingsStore;
import io.cronwheel.store.RetentionSweeper;
import io.cronwheel.time.Clock;
import io.cronwheel.wheel.PartitionPorts;
import io.cronwheel.wheel.PartitionSettings;
import io.cronwheel.wheel.PartitionVerticle;
import io.cronwheel.wheel.Partitions;
import io.micrometer.core.instrument.Gauge;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running cronwheel, started in named steps, each a future that begins when the one before it
 * is done:
 *
 * <ol>
 *   <li>deploy the writers: the execution batcher (partitions record into it), alerts and the
 *       background tasks;
 *   <li>read the recovery state: the partitions' progress marks, and whether another engine is
 *       live;
 *   <li>deploy one verticle per owned partition, each resuming from its mark;
 *   <li>recover: hand the executions an earlier run left unfinished to their partitions;
 *   <li>load the jobs, page by page (each partition's share is a future; all are joined);
 *   <li>settle the recovered executions, now that their jobs are known;
 *   <li>start firing: the downtime is replayed through the misfire policies;
 *   <li>open the API last, so an early API change cannot be overwritten by the load.
 * </ol>
 *
 * <p>A stop undeploys in reverse ({@link Deployments}), so the batcher writes the last records
 * last. The length is the wiring: every part of the engine is built here once, and nowhere else.
 */
public final class Engine {
  private static final Logger log = LoggerFactory.getLogger(Engine.class);
  private static final int LOAD_PAGE_SIZE = 10_000;
  private static final Duration RETENTION_SWEEP_EVERY = Duration.ofMinutes(1);

  /** What start-up recovery needs to know before partitions are deployed. */
  private record RecoveryState(PgProgressStore.Marks marks, boolean anotherEngineLive) {}

  private final CronwheelConfig config;
  private final Clock clock;
  private final EngineRuntime runtime;
  private final Deployments deployments;
  private final MicrometerEngineEvents events;
  private final Partitions partitions;
  private final PartitionOwnership ownership;
  private final PgExecutionStore executions;
  private final PgJobStore jobs;
  private final PgProgressStore progress;
  private final PgAlertStore alertStore;
  private final ConcurrencyLimiter limiter;
  private final ConcurrencySettings concurrency;
  private final ExecutionBatcher batcher;
  private final JobAdmission admission;
  private final AlertVerticle alerts;
  private final ApiVerticle api;

  private Engine(CronwheelConfig config, PgConnectOptions db, Clock clock) {
    this.config = config;
    this.clock = clock;
    runtime = new EngineRuntime(config, db);
    deployments = new Deployments(runtime.vertx);
    events = new MicrometerEngineEvents(runtime.registry, config.partitions());
    partitions = new Partitions(new Partitioner(config.partitions()));
    ownership = new StaticPartitionOwnership(config.partitions());
    executions = new PgExecutionStore(runtime.pool);
    jobs = new PgJobStore(runtime.apiPool);
    progress = new PgProgressStore(runtime.pool);
    alertStore = new PgAlertStore(runtime.pool);
    limiter = new ConcurrencyLimiter(config.maxInFlight(), config.maxInFlightPerHost());
    concurrency = new ConcurrencySettings(new PgSettingsStore(runtime.pool), limiter);
    batcher =
        new ExecutionBatcher(
            executions,
            events,
            new BatchSettings(
                config.batchSize(), config.batchInterval(), config.recordQueueCapacity()),
            clock);
    alerts = new AlertVerticle(alertStore, config.alertWebhook(), clock, events);
    admission =
        new JobAdmission(
            new JobLimits(config.maxTargetBodyBytes()), config.jobMemoryBudgetBytes(), events);
    api =
        new ApiVerticle(
            new ApiVerticle.Dependencies(
                runtime.apiPool,
                jobs,
                admission,
                new PgExecutionStore(runtime.apiPool),
                alertStore,
                new LocalEngineControl(partitions, batcher, limiter, concurrency),
                runtime.registry,
                clock),
            config.httpHost(),
            config.httpPort(),
            config.maxBodyBytes());
    Gauge.builder("cronwheel.records.backlog", batcher, ExecutionBatcher::backlog)
        .description("Execution records waiting to be written")
        .register(runtime.registry);
    Gauge.builder("cronwheel.concurrency.inflight", limiter, ConcurrencyLimiter::inFlight)
        .description("Requests holding a concurrency permit")
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
    return deployWriters()
        .compose(v -> readRecoveryState())
        .compose(state -> deployPartitions(state).compose(v -> recoverUnfinished(state)))
        .compose(v -> loadJobs())
        .compose(v -> partitions.settleRecovered())
        .compose(v -> partitions.startFiring())
        .compose(v -> openApi());
  }

  private Future<Void> deployWriters() {
    List<PeriodicTask> tasks = new ArrayList<>();
    tasks.add(
        new PeriodicTask(
            "concurrency settings poll",
            ConcurrencySettings.POLL_INTERVAL,
            true,
            concurrency::refresh));
    if (!config.executionRetention().isZero()) {
      RetentionSweeper sweeper =
          new RetentionSweeper(executions, config.executionRetention(), clock);
      tasks.add(new PeriodicTask("retention sweep", RETENTION_SWEEP_EVERY, false, sweeper::sweep));
    }
    return deployments
        .deploy(new ExecutionBatcherVerticle(batcher))
        .compose(v -> deployments.deploy(alerts))
        .compose(v -> deployments.deployAll(tasks));
  }

  private Future<RecoveryState> readRecoveryState() {
    LiveEngineDetector detector = new LiveEngineDetector(runtime.vertx, progress, executions);
    return progress
        .loadMarks()
        .compose(
            marks -> detector.anotherEngineLive(marks).map(live -> new RecoveryState(marks, live)));
  }

  private Future<Void> deployPartitions(RecoveryState state) {
    PartitionSettings settings =
        new PartitionSettings(
            config.wheelSlots(),
            config.claimLookahead(),
            config.misfireThreshold(),
            config.recoveryHorizon(),
            config.shutdownGrace());
    DispatchSettings dispatch =
        new DispatchSettings(
            config.httpPoolSize(), config.httpPipeliningLimit(), DispatchSettings.CONNECT_TIMEOUT);
    DispatchEnvironment environment = new DispatchEnvironment(clock, limiter, events);
    DispatcherFactory dispatchers =
        (partition, timers, listener) ->
            HttpDispatcher.create(
                runtime.vertx, dispatch, environment, partition, timers, listener);
    List<PartitionVerticle> verticles = new ArrayList<>();
    for (int partition : ownership.owned()) {
      PartitionPorts ports =
          new PartitionPorts(
              new PgPartitionStore(partition, executions, progress),
              batcher,
              alerts,
              events,
              dispatchers);
      Long resumeAfter = state.marks().dispatchedThrough().get(partition);
      PartitionVerticle verticle =
          new PartitionVerticle(partition, resumeAfter, settings, ports, clock);
      partitions.register(verticle);
      Gauge.builder("cronwheel.jobs.scheduled", verticle, PartitionVerticle::jobCount)
          .tag("partition", Integer.toString(partition))
          .description("Jobs scheduled in the partition")
          .register(runtime.registry);
      verticles.add(verticle);
    }
    return deployments.deployAll(verticles);
  }

  private Future<Void> recoverUnfinished(RecoveryState state) {
    return executions
        .unfinished()
        .compose(unfinished -> partitions.recover(unfinished, state.anotherEngineLive()));
  }

  private Future<Void> loadJobs() {
    long startNanos = System.nanoTime();
    List<Future<Void>> pagesTaken = new ArrayList<>();
    return jobs.loadScheduled(
            LOAD_PAGE_SIZE, admission, page -> pagesTaken.add(partitions.load(page)))
        .compose(count -> Future.all(pagesTaken).map(count))
        .onSuccess(
            count -> {
              log.info(
                  "loaded {} scheduled job(s) in {} ms",
                  count,
                  (System.nanoTime() - startNanos) / 1_000_000);
              admission.loadFinished();
            })
        .mapEmpty();
  }

  private Future<Void> openApi() {
    return deployments
        .deploy(api)
        .onSuccess(
            v ->
                log.info(
                    "cronwheel listening on {}:{} with {} partition(s) on {} event loop(s), {} transport",
                    config.httpHost(),
                    api.actualPort(),
                    ownership.owned().size(),
                    config.eventLoops(),
                    runtime.vertx.isNativeTransportEnabled() ? "epoll" : "NIO"));
  }

  /** The port the API listens on. */
  public int port() {
    return api.actualPort();
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
