package io.cronwheel.wheel;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The fires staged for the next {@value #SECONDS} seconds, one bucket per second, and the dispatch
 * cursor that hands them out in second order.
 *
 * <p>Worked example: the cursor is at second 100 and fires are staged for 100, 101 and 102 (buckets
 * {@code 100 & 15 = 4}, 5 and 6). {@code drainThrough(101, 256, sink)} hands out bucket 4, then
 * bucket 5, and leaves the cursor at 102. If the budget runs out inside a bucket, the cursor stays
 * on it and the next call resumes at the same fire.
 *
 * <p>A fire may be staged only for a second in {@code [cursor, horizon()]}. Not thread-safe: one
 * partition's loop.
 */
final class StagingRing {
  /**
   * Seconds the ring holds; a power of two. Staging never runs further ahead of the cursor than
   * this.
   */
  static final int SECONDS = 16;

  @SuppressWarnings({"unchecked", "rawtypes"}) // a generic array: one bucket list per second
  private final ArrayList<StagedFire>[] buckets = new ArrayList[SECONDS];

  private long cursor;
  private int index;

  StagingRing(long startEpochSecond) {
    this.cursor = startEpochSecond;
    for (int i = 0; i < SECONDS; i++) {
      buckets[i] = new ArrayList<>();
    }
  }

  /** The next second to hand out. */
  long cursor() {
    return cursor;
  }

  /** The furthest second a fire may be staged for now. */
  long horizon() {
    return cursor + SECONDS - 1;
  }

  void add(StagedFire staged) {
    bucket(staged.epochSecond()).add(staged);
  }

  /** Fires staged and not yet handed out. */
  int size() {
    int size = -index;
    for (ArrayList<StagedFire> bucket : buckets) {
      size += bucket.size();
    }
    return size;
  }

  /**
   * Hands out every staged fire up to {@code lastSecond}, oldest second first, to at most {@code
   * budget} calls of {@code sink}.
   *
   * @return the unused budget; 0 means it may have stopped early
   */
  int drainThrough(long lastSecond, int budget, Consumer<StagedFire> sink) {
    while (cursor <= lastSecond && budget > 0) {
      List<StagedFire> bucket = bucket(cursor);
      while (index < bucket.size() && budget > 0) {
        sink.accept(bucket.get(index++));
        budget--;
      }
      if (index < bucket.size()) {
        break;
      }
      bucket.clear();
      index = 0;
      cursor++;
    }
    return budget;
  }

  private List<StagedFire> bucket(long epochSecond) {
    return buckets[(int) (epochSecond & (SECONDS - 1))];
  }
}
