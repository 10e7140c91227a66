package io.cronwheel.wheel;

import io.cronwheel.model.Fire;
import io.cronwheel.model.Job;
import io.cronwheel.model.Partitioner;
import io.cronwheel.model.UnfinishedExecution;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The partitions deployed in this process, and the way in for everything addressed to a job's
 * partition: a change, a page of the start-up load, a recovered execution. Each goes to the
 * partition that owns the job, on that partition's event loop; what belongs to partitions owned
 * elsewhere is ignored here. Thread-safe.
 */
public final class Partitions {
  private final Partitioner partitioner;
  private final Map<Integer, PartitionVerticle> deployed = new ConcurrentHashMap<>();

  public Partitions(Partitioner partitioner) {
    this.partitioner = partitioner;
  }

  public void register(PartitionVerticle verticle) {
    deployed.put(verticle.partition(), verticle);
  }

  public void unregister(PartitionVerticle verticle) {
    deployed.remove(verticle.partition(), verticle);
  }

  public int total() {
    return partitioner.count();
  }

  public List<PartitionVerticle> deployed() {
    return new ArrayList<>(deployed.values());
  }

  /** Jobs scheduled in the partitions of this process. */
  public int scheduledJobs() {
    return deployed.values().stream().mapToInt(PartitionVerticle::jobCount).sum();
  }

  /**
   * Applies a created, changed, paused or deleted job in its partition, from the next second on.
   */
  public void jobChanged(Job job) {
    PartitionVerticle owner = deployed.get(partitioner.partitionOf(job.id()));
    if (owner != null) {
      owner.apply(List.of(job));
    }
  }

  /**
   * Loads a page of jobs, split by partition; completes when every partition has taken its share.
   */
  public Future<Void> load(List<Job> jobs) {
    return byPartition(jobs, Job::id, PartitionVerticle::load);
  }

  /** Hands executions an earlier run left unfinished to their partitions. */
  public Future<Void> recover(
      List<UnfinishedExecution> unfinished, boolean anotherEngineMayBeLive) {
    return byPartition(
        unfinished,
        UnfinishedExecution::jobId,
        (p, rows) -> p.recover(rows, anotherEngineMayBeLive));
  }

  public Future<Void> settleRecovered() {
    return Future.all(deployed().stream().map(PartitionVerticle::settleRecovered).toList())
        .mapEmpty();
  }

  public Future<Void> startFiring() {
    return Future.all(deployed().stream().map(PartitionVerticle::startFiring).toList()).mapEmpty();
  }

  /**
   * Sends a manual fire through the job's partition when this process owns it, else through any
   * local partition (a manual trigger is answered by the node that received it).
   */
  public boolean fireNow(Fire fire) {
    PartitionVerticle owner = deployed.get(partitioner.partitionOf(fire.job().id()));
    if (owner == null) {
      owner = deployed.values().stream().findFirst().orElse(null);
    }
    if (owner == null) {
      return false;
    }
    owner.fireNow(fire);
    return true;
  }

  private <T> Future<Void> byPartition(
      List<T> items,
      Function<T, UUID> jobId,
      BiFunction<PartitionVerticle, List<T>, Future<Void>> deliver) {
    Map<Integer, List<T>> grouped = new HashMap<>();
    for (T item : items) {
      grouped
          .computeIfAbsent(partitioner.partitionOf(jobId.apply(item)), p -> new ArrayList<>())
          .add(item);
    }
    List<Future<Void>> delivered = new ArrayList<>();
    grouped.forEach(
        (partition, share) -> {
          PartitionVerticle owner = deployed.get(partition);
          if (owner != null) {
            delivered.add(deliver.apply(owner, share));
          }
        });
    return Future.all(delivered).mapEmpty();
  }
}
