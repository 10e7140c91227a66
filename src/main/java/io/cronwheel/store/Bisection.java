package io.cronwheel.store;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The search for the rows at fault in one refused batch: the batch is split in halves, and each
 * refused half again, until every part is written or is a single refused row. Counts what it did so
 * the batcher can tell it in one log line when the last part is done.
 *
 * <p>A batch of 2,000 rows with one bad row takes about 2 × log2(2000) = 22 more statements: at
 * each level one half is written and the other split again. Not thread-safe: the batcher's loop.
 */
final class Bisection {
  private static final int IDS_SHOWN = 10;

  final int rows;
  final String error;
  final long startNanos;
  private final List<UUID> rejectedIds = new ArrayList<>();
  private int openParts = 1;
  private int statements = 1;
  private int rejected;

  Bisection(int rows, String error, long startNanos) {
    this.rows = rows;
    this.error = error;
    this.startNanos = startNanos;
  }

  /** A refused part became two halves, each a statement of its own. */
  void split() {
    openParts++;
    statements += 2;
  }

  /** A part was written. */
  void written() {
    openParts--;
  }

  /** A part is one refused row, to be set aside. */
  void isolated(UUID executionId) {
    openParts--;
    rejected++;
    if (rejectedIds.size() < IDS_SHOWN) {
      rejectedIds.add(executionId);
    }
  }

  boolean done() {
    return openParts == 0;
  }

  int statements() {
    return statements;
  }

  int rejected() {
    return rejected;
  }

  /** Up to ten of the rejected rows' execution ids. */
  List<UUID> rejectedIds() {
    return rejectedIds;
  }
}
