package io.cronwheel.wheel;

import io.cronwheel.model.Fire;
import java.util.ArrayDeque;

/**
 * What a partition tracks about a job while it runs, carried over when the job's definition changes: the fires
 * staged for the look-ahead window (oldest first), how many of its executions are running, the fires queued behind
 * them ({@code overlapPolicy: QUEUE}), and how many missed seconds were recorded in the current misfire episode.
 */
final class JobRuntime {
  /** The most seconds of one job queued behind a running execution; more are recorded as skipped. */
  static final int MAX_QUEUED = 100;

  final ArrayDeque<StagedFire> staged = new ArrayDeque<>(2);
  final ArrayDeque<Fire> queued = new ArrayDeque<>(0);
  int running;
  int missedRecorded;
}
