package io.cronwheel.store;

import io.cronwheel.model.Fire;
import io.cronwheel.model.Job;
import io.cronwheel.model.UnfinishedExecution;
import io.vertx.core.Future;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Everything one partition reads and writes in the database: at start-up its progress mark, the
 * executions an earlier run left unfinished, the seconds already recorded since the mark, and its
 * jobs; while it fires, durable claims on its seconds, releases of claims never sent, and its
 * progress mark. Thread-safe; every method returns at once with a future, bounded by a timeout.
 */
public interface PartitionStore {
  /** The last second an earlier run recorded as handed out, or null if the partition never ran. */
  Future<Long> loadProgress();

  /** Executions of this partition's jobs still claimed or running. */
  Future<List<UnfinishedExecution>> unfinished();

  /**
   * Every (job, second) of this partition's scheduled executions in {@code [fromSecond, toSecond)}
   * that has a row, handed to {@code recorded}; completes with how many (at most {@code limit}).
   */
  Future<Integer> recorded(
      long fromSecond, long toSecond, int limit, BiConsumer<UUID, Long> recorded);

  /**
   * Streams this partition's scheduled jobs to {@code page}, page by page in id order; completes
   * with the count.
   */
  Future<Integer> loadJobs(int pageSize, Consumer<List<Job>> page);

  /**
   * Claims the fires' seconds in one statement. Unique per job and second across every process: the
   * result holds the execution ids this process won.
   */
  Future<Set<UUID>> claim(List<Fire> fires);

  /**
   * Gives back claims on seconds that were never sent, so a later run decides them through the
   * misfire policy.
   */
  Future<Void> release(List<Fire> fires);

  /**
   * Records that every second up to {@code epochSecond} has been handed out (the mark never moves
   * back).
   */
  Future<Void> saveProgress(long epochSecond);
}
