package io.cronwheel.store;

import io.cronwheel.model.Fire;
import io.cronwheel.model.Job;
import io.cronwheel.model.UnfinishedExecution;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * {@link PartitionStore} for one partition held under a lease ({@link Fence}), over the {@code
 * jobs}, {@code executions} and {@code partition_progress} tables. Every statement has a deadline
 * on this side (a database that stops answering without closing the connection must not hang a
 * partition): claims a shorter one than the claim lookahead, so an at-most-once second whose claim
 * cannot be confirmed in time is skipped rather than sent late.
 */
public final class PgPartitionStore implements PartitionStore {
  /** How the partition's statements are bounded. */
  public record Timeouts(Duration claim, Duration statement) {}

  private final Fence fence;
  private final int partition;
  private final PgExecutionStore executions;
  private final PgProgressStore progress;
  private final PgJobStore jobs;
  private final JobAdmission admission;
  private final Timeouts timeouts;

  /**
   * @param fence the lease claims, releases and progress marks are written under
   * @param admission decides which loaded jobs fit the job memory budget
   */
  public PgPartitionStore(
      Fence fence,
      PgExecutionStore executions,
      PgProgressStore progress,
      PgJobStore jobs,
      JobAdmission admission,
      Timeouts timeouts) {
    this.fence = fence;
    this.partition = fence.partition();
    this.executions = executions;
    this.progress = progress;
    this.jobs = jobs;
    this.admission = admission;
    this.timeouts = timeouts;
  }

  @Override
  public Future<Long> loadProgress() {
    return bounded(progress.load(partition));
  }

  @Override
  public Future<List<UnfinishedExecution>> unfinished() {
    return bounded(executions.unfinished(partition));
  }

  @Override
  public Future<Integer> recorded(
      long fromSecond, long toSecond, int limit, BiConsumer<UUID, Long> recorded) {
    return executions.recorded(partition, fromSecond, toSecond, limit, recorded);
  }

  @Override
  public Future<Integer> loadJobs(int pageSize, Consumer<List<Job>> page) {
    return jobs.loadScheduled(partition, pageSize, admission, page);
  }

  @Override
  public Future<Set<UUID>> claim(List<Fire> fires) {
    return executions
        .claim(fires, fence)
        .timeout(timeouts.claim().toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public Future<Void> release(List<Fire> fires) {
    return bounded(executions.release(fires, fence));
  }

  @Override
  public Future<Void> saveProgress(long epochSecond) {
    return bounded(progress.save(fence, epochSecond));
  }

  private <T> Future<T> bounded(Future<T> statement) {
    return statement.timeout(timeouts.statement().toMillis(), TimeUnit.MILLISECONDS);
  }
}
