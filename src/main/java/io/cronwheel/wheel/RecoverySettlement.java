package io.cronwheel.wheel;

import io.cronwheel.model.Execution;
import io.cronwheel.model.ExecutionStatus;
import io.cronwheel.model.ExecutionType;
import io.cronwheel.model.Fire;
import io.cronwheel.model.Job;
import io.cronwheel.model.UnfinishedExecution;
import java.util.function.Consumer;

/**
 * What to do with one execution that an earlier run claimed or started and never finished. Pure.
 */
final class RecoverySettlement {
  private RecoverySettlement() {}

  /**
   * Sends it again (at-least-once, job still scheduled) or records why not.
   *
   * @param resumeAfterSecond the last second the crashed run is known to have handed out, or null
   * @return true if it was sent again
   */
  static boolean settle(
      UnfinishedExecution unfinished,
      Job job,
      Long resumeAfterSecond,
      Consumer<Fire> send,
      Consumer<Execution> record) {
    if (job != null && job.executionType() == ExecutionType.AT_LEAST_ONCE) {
      send.accept(
          new Fire(
              unfinished.id(), job, unfinished.scheduledAt().toEpochMilli(), unfinished.trigger()));
      return true;
    }
    ExecutionStatus status;
    String reason;
    if (job == null) {
      status = ExecutionStatus.SKIPPED;
      reason = "the engine stopped before this execution finished, and the job is no longer active";
    } else if (mayHaveBeenSent(unfinished, resumeAfterSecond)) {
      status = ExecutionStatus.FAILED;
      reason =
          "the engine stopped while this at-most-once execution was in flight; its outcome is unknown and it "
              + "is not sent again";
    } else {
      status = ExecutionStatus.MISSED;
      reason = "no engine was running at this second";
    }
    record.accept(Execution.notSent(unfinished, status, reason));
    return false;
  }

  /**
   * A claimed second after the last recorded progress mark (plus one second of slack for the mark's
   * own lag) was never handed out; anything earlier, and any running row, may have been sent.
   */
  private static boolean mayHaveBeenSent(UnfinishedExecution unfinished, Long resumeAfterSecond) {
    if (unfinished.status() == ExecutionStatus.RUNNING || resumeAfterSecond == null) {
      return true;
    }
    return unfinished.scheduledAt().getEpochSecond() <= resumeAfterSecond + 1;
  }
}
