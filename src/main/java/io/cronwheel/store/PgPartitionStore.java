package io.cronwheel.store;

import io.cronwheel.model.Fire;
import io.vertx.core.Future;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * {@link PartitionStore} for one partition, in the {@code executions} and {@code
 * partition_progress} tables.
 */
public final class PgPartitionStore implements PartitionStore {
  private final int partition;
  private final PgExecutionStore executions;
  private final PgProgressStore progress;

  public PgPartitionStore(int partition, PgExecutionStore executions, PgProgressStore progress) {
    this.partition = partition;
    this.executions = executions;
    this.progress = progress;
  }

  @Override
  public Future<Set<UUID>> claim(List<Fire> fires) {
    return executions.claim(fires);
  }

  @Override
  public Future<Void> release(List<Fire> fires) {
    return executions.release(fires);
  }

  @Override
  public Future<Void> saveProgress(long epochSecond) {
    return progress.save(partition, epochSecond);
  }
}
