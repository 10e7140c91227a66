package io.cronwheel.wheel;

import io.cronwheel.model.Fire;
import io.cronwheel.model.Job;
import io.cronwheel.model.Partitioner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The partitions deployed in this process, and the way in for what is addressed to a job's
 * partition from outside: a change through the API, a manual trigger. Each goes to the partition
 * that owns the job, on that partition's event loop; a change to a job of a partition owned
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

  public void unregister(int partition) {
    deployed.remove(partition);
  }

  /** Jobs scheduled in one partition of this process; 0 if it does not run here. */
  public int jobCount(int partition) {
    PartitionVerticle verticle = deployed.get(partition);
    return verticle == null ? 0 : verticle.jobCount();
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
