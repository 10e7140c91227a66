package io.cronwheel.wheel;

import io.cronwheel.cluster.Partitioner;
import io.cronwheel.model.Fire;
import io.cronwheel.model.Job;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The partitions deployed in this process, and the way in for job changes: a change goes to the
 * partition that owns the job, on that partition's event loop. Jobs of partitions owned elsewhere
 * are ignored here. Thread-safe.
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

  public int partitionOf(Job job) {
    return partitioner.partitionOf(job.id());
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

  /** Loads a page of jobs, split by partition. */
  public void load(List<Job> jobs) {
    Map<Integer, List<Job>> byPartition = new java.util.HashMap<>();
    for (Job job : jobs) {
      byPartition
          .computeIfAbsent(partitioner.partitionOf(job.id()), p -> new ArrayList<>())
          .add(job);
    }
    byPartition.forEach(
        (partition, page) -> {
          PartitionVerticle owner = deployed.get(partition);
          if (owner != null) {
            owner.load(page);
          }
        });
  }

  /** The partition verticle for a job, if this process owns its partition. */
  public PartitionVerticle ownerOf(UUID jobId) {
    return deployed.get(partitioner.partitionOf(jobId));
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
}
