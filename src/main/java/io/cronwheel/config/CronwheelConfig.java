package io.cronwheel.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything the engine can be told at start-up. Built by {@link ConfigLoader}; every field has a
 * default next to it below.
 *
 * @param dbUrl a {@code postgresql://} URI, or empty to run an embedded PostgreSQL under {@code
 *     dataDir}
 * @param partitions how many hash partitions jobs are spread over; each is one timing wheel on one
 *     event loop
 * @param claimLookahead how far ahead of the wall clock seconds are staged (and at-most-once
 *     seconds claimed)
 * @param httpPoolSize keep-alive connections per target host, per partition
 * @param recordQueueCapacity execution records buffered in memory before back-pressure applies
 * @param misfireThreshold how late a second may be reached and still fire normally
 * @param recoveryHorizon how far back a restarted engine replays missed seconds
 * @param alertWebhook where final failures are reported when a job names no webhook of its own
 * @param maxInFlight the initial global cap on requests in flight (changeable at runtime)
 * @param httpPipeliningLimit requests sent ahead on one keep-alive connection; 1 turns HTTP
 *     pipelining off
 * @param executionPartitionInterval the time range of one partition of the executions table
 * @param executionRetention how long finished executions (and delivered or undeliverable alerts)
 *     are kept; 0 keeps them forever
 * @param alertInterval a failing job raises at most one alert per interval after its first
 * @param alertDeliveryCap how long an alert is retried before it is marked undeliverable
 * @param maxTargetBodyBytes the largest {@code target.body} a job may have (its compact JSON, in
 *     bytes)
 * @param jobMemoryBudgetBytes the heap that job definitions may take in all; jobs beyond it are not
 *     scheduled (see {@code store.JobAdmission})
 * @param cluster this node's identity and lease timings among the engines sharing the database
 * @param auth who may call the API
 * @param security the target policy, the secret key and TLS
 */
public record CronwheelConfig(
    String httpHost,
    int httpPort,
    Optional<String> dbUrl,
    Path dataDir,
    int dbPoolSize,
    int eventLoops,
    int partitions,
    int wheelSlots,
    Duration claimLookahead,
    int httpPoolSize,
    int batchSize,
    Duration batchInterval,
    int recordQueueCapacity,
    Duration shutdownGrace,
    int maxBodyBytes,
    Duration misfireThreshold,
    Duration recoveryHorizon,
    Optional<String> alertWebhook,
    int maxInFlight,
    int maxInFlightPerHost,
    int httpPipeliningLimit,
    Duration executionRetention,
    Duration executionPartitionInterval,
    Duration httpConnectTimeout,
    int httpMaxConnectingPerHost,
    Duration permitWait,
    Duration executionDeadline,
    boolean partitionsExplicit,
    boolean repartition,
    int catchUpRate,
    Duration alertInterval,
    Duration alertDeliveryCap,
    int maxTargetBodyBytes,
    long jobMemoryBudgetBytes,
    ClusterConfig cluster,
    AuthConfig auth,
    SecurityConfig security) {

  public static final String DEFAULT_HTTP_HOST = "0.0.0.0";
  public static final int DEFAULT_HTTP_PORT = 8080;
  public static final Path DEFAULT_DATA_DIR = Path.of("data");
  public static final int DEFAULT_DB_POOL_SIZE = 8;

  /**
   * One loop per core: more loops than cores only adds context switches to the top-of-second burst.
   */
  public static final int DEFAULT_EVENT_LOOPS = Runtime.getRuntime().availableProcessors();

  public static final int PARTITIONS_PER_EVENT_LOOP = 2;
  public static final int DEFAULT_WHEEL_SLOTS = 4096;
  public static final Duration DEFAULT_CLAIM_LOOKAHEAD = Duration.ofSeconds(2);
  public static final int DEFAULT_HTTP_POOL_SIZE = 64;
  public static final int DEFAULT_BATCH_SIZE = 2000;
  public static final Duration DEFAULT_BATCH_INTERVAL = Duration.ofMillis(50);
  public static final int DEFAULT_RECORD_QUEUE_CAPACITY = 1 << 20;
  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(10);
  public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;
  public static final Duration DEFAULT_MISFIRE_THRESHOLD = Duration.ofSeconds(60);
  public static final Duration DEFAULT_RECOVERY_HORIZON = Duration.ofHours(1);
  public static final int DEFAULT_MAX_IN_FLIGHT = 100_000;
  public static final int DEFAULT_MAX_IN_FLIGHT_PER_HOST = 10_000;
  public static final int DEFAULT_HTTP_PIPELINING_LIMIT = 1;
  public static final Duration DEFAULT_EXECUTION_RETENTION = Duration.ofDays(7);

  /**
   * One partition of {@code executions} per hour: 36M rows at 10k fires/s, small enough to drop
   * whole and to keep hot in the cache, few enough (168 for a week) for the planner.
   */
  public static final Duration DEFAULT_EXECUTION_PARTITION_INTERVAL = Duration.ofHours(1);

  public static final Duration DEFAULT_ALERT_INTERVAL = Duration.ofMinutes(1);
  public static final Duration DEFAULT_ALERT_DELIVERY_CAP = Duration.ofHours(24);

  /** Waiting for a connection is bounded apart from the job's own timeout. */
  public static final Duration DEFAULT_HTTP_CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** Below the listen backlog of a small server (Python's http.server has 5). */
  public static final int DEFAULT_HTTP_MAX_CONNECTING_PER_HOST = 4;

  public static final Duration DEFAULT_PERMIT_WAIT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_EXECUTION_DEADLINE = Duration.ofMinutes(10);

  /** Catch-up fires and missed records per second after a downtime, for the whole engine. */
  public static final int DEFAULT_CATCH_UP_RATE = 20_000;

  /** The same configuration with the partition count the database was set up with. */
  public CronwheelConfig withPartitions(int count) {
    return new CronwheelConfig(
        httpHost,
        httpPort,
        dbUrl,
        dataDir,
        dbPoolSize,
        eventLoops,
        count,
        wheelSlots,
        claimLookahead,
        httpPoolSize,
        batchSize,
        batchInterval,
        recordQueueCapacity,
        shutdownGrace,
        maxBodyBytes,
        misfireThreshold,
        recoveryHorizon,
        alertWebhook,
        maxInFlight,
        maxInFlightPerHost,
        httpPipeliningLimit,
        executionRetention,
        executionPartitionInterval,
        httpConnectTimeout,
        httpMaxConnectingPerHost,
        permitWait,
        executionDeadline,
        partitionsExplicit,
        repartition,
        catchUpRate,
        alertInterval,
        alertDeliveryCap,
        maxTargetBodyBytes,
        jobMemoryBudgetBytes,
        cluster,
        auth,
        security);
  }

  /** Enough for any webhook payload; 30k jobs of this size take about 500 MB of heap. */
  public static final int DEFAULT_MAX_TARGET_BODY_BYTES = 16 * 1024;

  /**
   * Half the heap for job definitions (1M small jobs take about 500 MB); the rest is for requests
   * in flight, buffered records and the runtime.
   */
  public static final int DEFAULT_JOB_MEMORY_BUDGET_PERCENT = 50;
}
