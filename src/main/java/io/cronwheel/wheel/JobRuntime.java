package io.cronwheel.wheel;

import io.cronwheel.model.Fire;
import io.cronwheel.model.OverlapPolicy;
import java.util.ArrayDeque;

/**
 * What a partition tracks about a job while it runs, carried over when the job's definition changes: the fires
 * staged for the look-ahead window (oldest first), how many of its executions are running and the fires queued
 * behind them (its overlap policy), and how many missed seconds were recorded in the current misfire episode.
 */
final class JobRuntime {
  /** The most seconds of one job queued behind a running execution; more are recorded as skipped. */
  static final int MAX_QUEUED = 100;

  /** What the overlap policy says about a fire that is due. */
  enum Admission {
    FIRE,
    SKIP,
    QUEUED,
    QUEUE_FULL
  }

  final ArrayDeque<StagedFire> staged = new ArrayDeque<>(2);
  final ArrayDeque<Fire> queued = new ArrayDeque<>(0);
  int running;
  int missedRecorded;

  /** Decides whether a due fire may go now; a fire admitted with {@link Admission#FIRE} counts as running. */
  Admission admit(Fire fire, OverlapPolicy policy) {
    if (running > 0 && policy != OverlapPolicy.ALLOW) {
      if (policy == OverlapPolicy.SKIP) {
        return Admission.SKIP;
      }
      if (queued.size() >= MAX_QUEUED) {
        return Admission.QUEUE_FULL;
      }
      queued.add(fire);
      return Admission.QUEUED;
    }
    running++;
    missedRecorded = 0;
    return Admission.FIRE;
  }

  /** An execution ended; returns the queued fire that may go now (already counted as running), or null. */
  Fire finished() {
    running = Math.max(0, running - 1);
    if (running == 0 && !queued.isEmpty()) {
      running++;
      return queued.poll();
    }
    return null;
  }
}
