package io.cronwheel;

import io.cronwheel.alert.AlertSink;
import io.cronwheel.cluster.PartitionHost;
import io.cronwheel.dispatch.DispatcherFactory;
import io.cronwheel.metrics.EngineEvents;
import io.cronwheel.store.ExecutionSink;
import io.cronwheel.store.Fence;
import io.cronwheel.store.PartitionStore;
import io.cronwheel.time.Clock;
import io.cronwheel.wheel.LeaseGuard;
import io.cronwheel.wheel.PartitionPorts;
import io.cronwheel.wheel.PartitionSettings;
import io.cronwheel.wheel.PartitionVerticle;
import io.cronwheel.wheel.Partitions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * Deploys a partition's verticle when its lease is won and undeploys it when the lease goes: the
 * {@link PartitionHost} of this process. A partition started again while its last stop is still
 * running waits for that stop, so two verticles never fire one partition in one process.
 */
final class ClusterPartitions implements PartitionHost {
  /** What every partition shares; the store is made per lease, fenced by it. */
  record Shared(
      ExecutionSink records,
      AlertSink alerts,
      EngineEvents events,
      DispatcherFactory dispatchers,
      PartitionSettings settings,
      Clock clock) {}

  private final Vertx vertx;
  private final String nodeId;
  private final Partitions partitions;
  private final Shared shared;
  private final Function<Fence, PartitionStore> stores;
  private final IntConsumer onStopped;
  private final Map<Integer, Future<String>> deployed = new ConcurrentHashMap<>();
  private final Map<Integer, Future<Void>> stopping = new ConcurrentHashMap<>();

  ClusterPartitions(
      Vertx vertx,
      String nodeId,
      Partitions partitions,
      Shared shared,
      Function<Fence, PartitionStore> stores,
      IntConsumer onStopped) {
    this.vertx = vertx;
    this.nodeId = nodeId;
    this.partitions = partitions;
    this.shared = shared;
    this.stores = stores;
    this.onStopped = onStopped;
  }

  @Override
  public Future<Void> start(int partition, long epoch, LeaseGuard lease) {
    PartitionPorts ports =
        new PartitionPorts(
            stores.apply(new Fence(partition, nodeId, epoch)),
            shared.records(),
            shared.alerts(),
            shared.events(),
            shared.dispatchers(),
            lease);
    PartitionVerticle verticle =
        new PartitionVerticle(partition, shared.settings(), ports, shared.clock());
    Future<String> deployment =
        stopping
            .getOrDefault(partition, Future.succeededFuture())
            .transform(
                v -> {
                  partitions.register(verticle);
                  return vertx.deployVerticle(verticle);
                })
            .onFailure(error -> partitions.unregister(verticle));
    deployed.put(partition, deployment);
    return deployment.mapEmpty();
  }

  @Override
  public Future<Void> stop(int partition) {
    Future<String> deployment = deployed.remove(partition);
    if (deployment == null) {
      return stopping.getOrDefault(partition, Future.succeededFuture());
    }
    Future<Void> stopped =
        deployment
            .transform(
                ar -> ar.succeeded() ? vertx.undeploy(ar.result()) : Future.<Void>succeededFuture())
            .otherwiseEmpty()
            .onComplete(
                v -> {
                  partitions.unregister(partition);
                  onStopped.accept(partition);
                });
    stopping.put(partition, stopped);
    stopped.onComplete(v -> stopping.remove(partition, stopped));
    return stopped;
  }
}
