package io.cronwheel.wheel;

import io.cronwheel.model.Fire;
import io.cronwheel.model.OverlapPolicy;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.List;

/**
 * What a partition tracks about a job while it runs, carried over when the job's definition
 * changes: the fires staged for the look-ahead window (oldest first), how many of its executions
 * are running and the fires queued behind them (its overlap policy), and how many missed seconds
 * were recorded in the current misfire episode.
 *
 * <p>The two queues exist only while they hold something: a daily job has a fire staged a few
 * seconds a day, and a million such jobs would otherwise keep two million empty deques (about 110
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
  int running;
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

  /**
   * Decides whether a due fire may go now; a fire admitted with {@link Admission#FIRE} counts as
   * running.
   */
  Admission admit(Fire fire, OverlapPolicy policy) {
    if (running > 0 && policy != OverlapPolicy.ALLOW) {
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
    running++;
    missedRecorded = 0;
    return Admission.FIRE;
  }

  /**
   * An execution ended; returns the queued fire that may go now (already counted as running), or
   * null.
   */
  Fire finished() {
    running = Math.max(0, running - 1);
    if (running == 0 && queued != null) {
      running++;
      Fire next = queued.poll();
      if (queued.isEmpty()) {
        queued = null;
      }
      return next;
    }
    return null;
  }
}
