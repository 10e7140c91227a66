package io.cronwheel.cluster;

import io.cronwheel.config.ClusterConfig;
import io.cronwheel.store.LeaseStore;
import io.cronwheel.store.PgLeaseStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node in the cluster, as a verticle: it joins ({@code engine_nodes}), runs the {@link
 * LeaseManager}'s cycle every {@link ClusterConfig#cycle()}, listens on the database for releases,
 * leaves and job changes ({@code LISTEN}, reconnecting forever, catching up after every reconnect),
 * and reconciles job changes periodically as the safety net. Its start completes once the
 * partitions free at start-up fire; its stop hands over and releases every lease.
 */
public final class ClusterNode extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(ClusterNode.class);

  /** The job change feed's safety net when a notification is lost. */
  static final Duration RECONCILE_EVERY = Duration.ofSeconds(10);

  private static final long MAX_RECONNECT_DELAY_MS = 5_000;
  private static final String JOBS_CHANNEL = "cronwheel_jobs";

  private final ClusterConfig config;
  private final String address;
  private final int partitions;
  private final LeaseStore store;
  private final LeaseManager manager;
  private final JobChangeFeed feed;
  private final PgConnectOptions db;
  private PgSubscriber subscriber;
  private long joinTimer = -1;
  private boolean idBusyLogged;
  private long cycleTimer = -1;
  private long reconcileTimer = -1;
  private boolean cycling;
  private boolean cycleAgain;

  public ClusterNode(
      ClusterConfig config,
      String address,
      int partitions,
      LeaseStore store,
      LeaseManager manager,
      JobChangeFeed feed,
      PgConnectOptions db) {
    this.config = config;
    this.address = address;
    this.partitions = partitions;
    this.store = store;
    this.manager = manager;
    this.feed = feed;
    this.db = db;
  }

  @Override
  public Future<?> start() {
    return joinOnceFree()
        .compose(v -> feed.start())
        .compose(
            v -> {
              // Renewals run from here on: loading a large partition takes longer than a lease.
              cycleTimer = vertx.setPeriodic(config.cycle().toMillis(), id -> cycleSoon());
              reconcileTimer = vertx.setPeriodic(RECONCILE_EVERY.toMillis(), id -> feed.poke());
              listen();
              cycling = true;
              return manager.cycle().onComplete(ar -> cycling = false);
            })
        .compose(v -> manager.startsInFlight())
        .onSuccess(
            v ->
                log.info(
                    "node {} at {} joined: lease TTL {}, holding {} of {} partition(s)",
                    config.nodeId(),
                    address,
                    config.leaseTtl(),
                    manager.held().size(),
                    partitions));
  }

  /**
   * Joins; while another live engine has this node id (a copy-pasted CRONWHEEL_NODE_ID, or this
   * engine's own previous run, crashed less than a TTL ago), waits for it instead, said once.
   */
  private Future<Void> joinOnceFree() {
    return store
        .join(config.nodeId(), address, partitions, config.leaseTtl())
        .compose(
            joined -> {
              if (joined) {
                return Future.succeededFuture();
              }
              if (!idBusyLogged) {
                idBusyLogged = true;
                log.warn(
                    "node id {} belongs to a live engine (its heartbeat is younger than the lease"
                        + " TTL {}): waiting until it stops or its heartbeat expires. Give every"
                        + " engine its own CRONWHEEL_NODE_ID",
                    config.nodeId(),
                    config.leaseTtl());
              }
              Promise<Void> retried = Promise.promise();
              joinTimer =
                  vertx.setTimer(
                      config.cycle().toMillis(), id -> joinOnceFree().onComplete(retried));
              return retried.future();
            });
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(joinTimer);
    vertx.cancelTimer(reconcileTimer);
    vertx.cancelTimer(cycleTimer);
    // Bounded: closing a subscriber whose database has gone silent may never complete.
    Future<Void> closed =
        subscriber == null
            ? Future.succeededFuture()
            : subscriber.close().timeout(2, TimeUnit.SECONDS).otherwiseEmpty();
    Future<Void> left = manager.leave();
    // Keep the leases of stopping partitions alive: they write their last records under them.
    long renewer = vertx.setPeriodic(config.cycle().toMillis(), id -> manager.cycle());
    return left.onComplete(ar -> vertx.cancelTimer(renewer))
        .eventually(() -> closed.otherwiseEmpty());
  }

  /** Runs a cycle now, or right after the one running (a NOTIFY wakes it between periods). */
  private void cycleSoon() {
    if (cycling) {
      cycleAgain = true;
      return;
    }
    cycling = true;
    manager
        .cycle()
        .onComplete(
            ar -> {
              cycling = false;
              if (cycleAgain) {
                cycleAgain = false;
                cycleSoon();
              }
            });
  }

  private void listen() {
    subscriber =
        PgSubscriber.subscriber(vertx, db)
            .reconnectPolicy(
                retries -> Math.min(MAX_RECONNECT_DELAY_MS, 100L << Math.min(retries, 6)));
    subscriber.channel(PgLeaseStore.CHANNEL).handler(payload -> cycleSoon());
    subscriber
        .channel(JOBS_CHANNEL)
        .subscribeHandler(v -> feed.poke())
        .handler(payload -> feed.poke());
    connect();
  }

  /**
   * The reconnect policy covers a dropped connection; a first connect that fails is retried here.
   */
  private void connect() {
    subscriber
        .connect()
        .onFailure(
            error -> {
              log.warn("cannot LISTEN for cluster changes yet ({}); retrying", error.getMessage());
              vertx.setTimer(
                  MAX_RECONNECT_DELAY_MS,
                  id -> {
                    if (!subscriber.closed()) {
                      connect();
                    }
                  });
            });
  }
}
