package io.cronwheel.wheel;

import io.cronwheel.model.Fire;
import io.cronwheel.model.OverlapPolicy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * What a partition tracks about a job while it runs, carried over when the job's definition
 * changes: the fires staged for the look-ahead window (oldest first), which of its executions are
 * running and the fires queued behind them (its overlap policy), and how many missed seconds were
 * recorded in the current misfire episode.
 *
 * <p>Running executions are known by id, not counted: an execution this runtime did not admit (one
 * re-sent by start-up recovery, or a manual trigger) must not end another one's turn when it ends.
 *
 * <p>The collections exist only while they hold something: a daily job has a fire staged a few
 * seconds a day, and a million such jobs would otherwise keep millions of empty ones (about 110
 * bytes per job).
 */
final class JobRuntime {
  /**
   * The most seconds of one job queued behind a running execution; more are recorded as skipped.
   */
  static final int MAX_QUEUED = 100;

  /** What the overlap policy says about a fire that is due. */
  enum Admission {
    FIRE,
    SKIP,
    QUEUED,
    QUEUE_FULL
  }

  private ArrayDeque<StagedFire> staged;
  private ArrayDeque<Fire> queued;
  private ArrayList<UUID> running;
  int missedRecorded;

  /**
   * The staged fires, oldest first; its iterator may remove. Empty and unmodifiable when none is
   * staged.
   */
  Collection<StagedFire> staged() {
    return staged == null ? List.of() : staged;
  }

  void stage(StagedFire fire) {
    if (staged == null) {
      staged = new ArrayDeque<>(2);
    }
    staged.addLast(fire);
  }

  /** Removes a staged fire; false if it was not staged here. */
  boolean unstage(StagedFire fire) {
    if (staged == null || !staged.remove(fire)) {
      return false;
    }
    if (staged.isEmpty()) {
      staged = null;
    }
    return true;
  }

  boolean isStaged(long epochSecond) {
    if (staged != null) {
      for (StagedFire fire : staged) {
        if (fire.epochSecond() == epochSecond) {
          return true;
        }
      }
    }
    return false;
  }

  void clearStaged() {
    staged = null;
  }

  /** The fires queued behind a running execution, oldest first. */
  Collection<Fire> queued() {
    return queued == null ? List.of() : queued;
  }

  void clearQueued() {
    queued = null;
  }

  /** Executions admitted and not yet finished. */
  int running() {
    return running == null ? 0 : running.size();
  }

  /**
   * Decides whether a due fire may go now; a fire admitted with {@link Admission#FIRE} counts as
   * running until {@link #finished} is called with its execution id.
   */
  Admission admit(Fire fire, OverlapPolicy policy) {
    if (running() > 0 && policy != OverlapPolicy.ALLOW) {
      if (policy == OverlapPolicy.SKIP) {
        return Admission.SKIP;
      }
      if (queued().size() >= MAX_QUEUED) {
        return Admission.QUEUE_FULL;
      }
      if (queued == null) {
        queued = new ArrayDeque<>(2);
      }
      queued.add(fire);
      return Admission.QUEUED;
    }
    markRunning(fire);
    missedRecorded = 0;
    return Admission.FIRE;
  }

  /**
   * An execution ended. If this runtime admitted it and nothing else of the job runs now, returns
   * the queued fire that may go (already counted as running), else null.
   */
  Fire finished(UUID executionId) {
    if (running == null || !running.remove(executionId)) {
      return null;
    }
    if (running.isEmpty()) {
      running = null;
      if (queued != null) {
        Fire next = queued.poll();
        if (queued.isEmpty()) {
          queued = null;
        }
        markRunning(next);
        return next;
      }
    }
    return null;
  }

  private void markRunning(Fire fire) {
    if (running == null) {
      running = new ArrayList<>(1);
    }
    running.add(fire.executionId());
  }
}
