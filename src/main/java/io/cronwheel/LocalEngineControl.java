package io.cronwheel;

import io.cronwheel.api.EngineControl;
import io.cronwheel.config.ClusterConfig;
import io.cronwheel.dispatch.ConcurrencyLimiter;
import io.cronwheel.dispatch.ConcurrencySettings;
import io.cronwheel.metrics.MicrometerEngineEvents;
import io.cronwheel.metrics.RecentActivity;
import io.cronwheel.model.AuditEntry;
import io.cronwheel.model.Fire;
import io.cronwheel.model.Job;
import io.cronwheel.store.ExecutionSink;
import io.cronwheel.store.LeaseStore;
import io.cronwheel.wheel.Partitions;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * The API's {@link EngineControl} over this process's partitions, record writer and concurrency
 * caps.
 */
final class LocalEngineControl implements EngineControl {
  private final Partitions partitions;
  private final ExecutionSink records;
  private final ConcurrencyLimiter limiter;
  private final ConcurrencySettings concurrency;
  private final MicrometerEngineEvents events;
  private final Cluster cluster;

  /** What the API tells about the cluster: this node, the shared view, readiness. */
  record Cluster(ClusterConfig config, LeaseStore leases, BooleanSupplier ready) {}

  LocalEngineControl(
      Partitions partitions,
      ExecutionSink records,
      ConcurrencyLimiter limiter,
      ConcurrencySettings concurrency,
      MicrometerEngineEvents events,
      Cluster cluster) {
    this.partitions = partitions;
    this.records = records;
    this.limiter = limiter;
    this.concurrency = concurrency;
    this.events = events;
    this.cluster = cluster;
  }

  @Override
  public void jobChanged(Job job) {
    partitions.jobChanged(job);
  }

  @Override
  public boolean fireNow(Fire fire) {
    return partitions.fireNow(fire);
  }

  @Override
  public Status status() {
    return new Status(
        cluster.config().nodeId(),
        cluster.ready().getAsBoolean(),
        partitions.deployed().size(),
        partitions.total(),
        partitions.scheduledJobs(),
        records.backlog(),
        events.database().problem());
  }

  @Override
  public Activity activity() {
    RecentActivity.Snapshot recent = events.activity().snapshot();
    return new Activity(
        recent.firesPerSecond(),
        recent.succeeded(),
        recent.failed(),
        recent.windowSeconds(),
        events.recentDrift(0.5),
        events.recentDrift(0.99));
  }

  @Override
  public Future<JsonObject> cluster() {
    return cluster
        .leases()
        .view(cluster.config().leaseTtl())
        .map(view -> clusterJson(partitions.total(), view));
  }

  static JsonObject clusterJson(int total, LeaseStore.View view) {
    Map<String, JsonArray> owned = new TreeMap<>();
    view.liveNodes().forEach(node -> owned.put(node.id(), new JsonArray()));
    JsonArray unowned = new JsonArray();
    view.leases().stream()
        .sorted(Comparator.comparingInt(LeaseStore.Lease::partition))
        .forEach(
            lease -> {
              JsonArray of = lease.held() ? owned.get(lease.owner()) : null;
              (of == null ? unowned : of).add(lease.partition());
            });
    JsonArray nodes = new JsonArray();
    view.liveNodes().stream()
        .sorted(Comparator.comparing(LeaseStore.Node::id))
        .forEach(
            node ->
                nodes.add(
                    new JsonObject()
                        .put("id", node.id())
                        .put("address", node.address())
                        .put("startedAt", node.startedAt().toString())
                        .put("heartbeatAt", node.heartbeatAt().toString())
                        .put("partitions", owned.get(node.id()))));
    return new JsonObject().put("partitions", total).put("nodes", nodes).put("unowned", unowned);
  }

  @Override
  public ConcurrencyCaps concurrency() {
    return new ConcurrencyCaps(limiter.globalLimit(), limiter.perHostLimit(), limiter.inFlight());
  }

  @Override
  public Future<ConcurrencyCaps> setConcurrency(
      int maxInFlight, int maxInFlightPerHost, AuditEntry audit) {
    return concurrency.update(maxInFlight, maxInFlightPerHost, audit).map(v -> concurrency());
  }
}
