package io.cronwheel.wheel;

import io.cronwheel.model.UnfinishedExecution;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What start-up recovery found for one partition, kept until the replay of the downtime has used
 * it: claims an earlier run made on seconds still ahead (fired under their execution id, without a
 * new claim), past seconds whose unfinished execution recovery settles itself (the replay skips
 * them), and those executions, waiting for the jobs to be loaded so they can be settled.
 *
 * <p>Not thread-safe: one partition's loop.
 */
final class RecoveryPlan {
  private record Key(UUID jobId, long epochSecond) {}

  private final long recoveryBoundary;
  private final Long resumeAfterSecond;
  private final Map<Key, UUID> adoptedClaims = new HashMap<>();
  private final Set<Key> settledElsewhere = new HashSet<>();
  private final List<UnfinishedExecution> toSettle = new ArrayList<>();

  /**
   * @param recoveryBoundary the first second this run fires live; earlier seconds passed while no
   *     engine ran
   * @param resumeAfterSecond the last second the earlier run recorded as handed out, or null if it
   *     never ran
   */
  RecoveryPlan(long recoveryBoundary, Long resumeAfterSecond) {
    this.recoveryBoundary = recoveryBoundary;
    this.resumeAfterSecond = resumeAfterSecond;
  }

  long recoveryBoundary() {
    return recoveryBoundary;
  }

  Long resumeAfterSecond() {
    return resumeAfterSecond;
  }

  /**
   * Takes one unfinished execution. A claim on a second after the recovery boundary is adopted:
   * whoever made it (an earlier run, or the node that held this partition's lease before) can no
   * longer send it, since its lease ended before this run began, and that second had not come yet.
   * The boundary second itself had begun when this run started, so its claim may have been sent:
   * like every earlier one, it waits for {@link #takeToSettle}.
   */
  void take(UnfinishedExecution unfinished) {
    long second = unfinished.scheduledAt().getEpochSecond();
    if (unfinished.scheduled() && second > recoveryBoundary) {
      adoptedClaims.put(new Key(unfinished.jobId(), second), unfinished.id());
      return;
    }
    if (unfinished.scheduled()) {
      settledElsewhere.add(new Key(unfinished.jobId(), second));
    }
    toSettle.add(unfinished);
  }

  /** Whether no adopted claim or skipped second is left (the fast path: almost always). */
  boolean nothingToStage() {
    return adoptedClaims.isEmpty() && settledElsewhere.isEmpty();
  }

  /**
   * A past second that already has a row in {@code executions} (fired, or recorded as not sent,
   * before the crash or stop): the replay must not fire or record it again.
   */
  void recorded(UUID jobId, long epochSecond) {
    settledElsewhere.add(new Key(jobId, epochSecond));
  }

  /** Whether the replay must skip this second: recovery settles its execution. Consumed on use. */
  boolean settledElsewhere(UUID jobId, long epochSecond) {
    return !settledElsewhere.isEmpty() && settledElsewhere.remove(new Key(jobId, epochSecond));
  }

  /** The execution id of an adopted claim on this second, or null. Consumed on use. */
  UUID adoptedClaim(UUID jobId, long epochSecond) {
    return adoptedClaims.isEmpty() ? null : adoptedClaims.remove(new Key(jobId, epochSecond));
  }

  /** The unfinished executions to settle now, once; later calls return the ones taken since. */
  List<UnfinishedExecution> takeToSettle() {
    List<UnfinishedExecution> taken = List.copyOf(toSettle);
    toSettle.clear();
    return taken;
  }
}
