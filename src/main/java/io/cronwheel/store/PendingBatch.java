package io.cronwheel.store;

import io.cronwheel.model.Execution;
import java.util.List;

/**
 * Rows on their way to one statement: execution records to upsert, or refused records to set aside.
 * Kept by the {@link ExecutionBatcher} while they wait for a retry or for their turn after a split.
 * Not thread-safe: the batcher's loop.
 */
final class PendingBatch {
  enum Kind {
    UPSERT,
    SET_ASIDE
  }

  final Kind kind;
  final List<Execution> rows;
  final List<ExecutionReject> rejects;

  /** Whether the rows' keys are known to be distinct (see {@link DistinctKeys}). */
  final boolean distinct;

  /** The search this batch is a part of, if it comes from splitting a refused batch. */
  final Bisection bisection;

  /** Failed attempts so far. */
  int attempts;

  /** When a failed batch may be tried again ({@code nanoTime}). */
  long notBeforeNanos;

  private PendingBatch(
      Kind kind,
      List<Execution> rows,
      List<ExecutionReject> rejects,
      boolean distinct,
      Bisection bisection) {
    this.kind = kind;
    this.rows = rows;
    this.rejects = rejects;
    this.distinct = distinct;
    this.bisection = bisection;
  }

  static PendingBatch upsert(List<Execution> rows, boolean distinct) {
    return new PendingBatch(Kind.UPSERT, rows, List.of(), distinct, null);
  }

  static PendingBatch setAside(List<ExecutionReject> rejects) {
    return new PendingBatch(Kind.SET_ASIDE, List.of(), rejects, true, null);
  }

  int size() {
    return kind == Kind.UPSERT ? rows.size() : rejects.size();
  }

  /** The same rows as a part of {@code search}, with distinct keys. */
  PendingBatch within(Bisection search) {
    return new PendingBatch(kind, rows, rejects, true, search);
  }

  /** The first ({@code first} true) or second half of the rows, within the same search. */
  PendingBatch half(boolean first) {
    int mid = size() / 2;
    int from = first ? 0 : mid;
    int to = first ? mid : size();
    return kind == Kind.UPSERT
        ? new PendingBatch(kind, rows.subList(from, to), List.of(), true, bisection)
        : new PendingBatch(kind, List.of(), rejects.subList(from, to), true, bisection);
  }
}
