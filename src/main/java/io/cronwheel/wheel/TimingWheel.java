package io.cronwheel.wheel;

import java.util.PriorityQueue;

/**
 * A single-level timing wheel with one-second slots and an overflow queue for far-future entries.
 *
 * <p>The wheel covers the window {@code [cursor, cursor + slots)}: an entry due in that window sits
 * in the doubly-linked list of slot {@code epochSecond & (slots - 1)}, so insert, cancel and pop
 * are O(1). An entry due later waits in a min-heap ordered by second and moves into its slot when
 * the window reaches it, so a yearly job costs one heap entry, not a slot per second. Because every
 * slot holds entries of exactly one second, popping a slot never has to skip entries of a later
 * revolution.
 *
 * <p>Worked example with 8 slots and the cursor at second 100: an entry for 103 goes to slot {@code
 * 103 & 7 = 7}; one for 200 goes to the overflow heap. {@code advanceTo(103, sink, budget)} pops
 * slots 100..103, handing the entry to the sink at 103, and leaves the cursor at 104. When the
 * cursor reaches 193, the entry for 200 enters slot 0.
 *
 * <p>Cancelling an overflow entry only marks it (removing from a heap is O(n)); it is dropped when
 * it surfaces. So that a job changed many times before its far-off second (a daily job patched
 * every minute) cannot grow the heap without bound, the heap is rebuilt without the marked entries
 * whenever they outnumber the live ones: each rebuild of n entries follows at least n/2 cancels, so
 * the cost stays O(1) amortised per cancel, and the heap holds at most about twice the live
 * overflow entries.
 *
 * <p>The wheel never reads a clock: the caller passes the second to advance to and a budget of
 * fires for this turn; when the budget runs out mid-slot the cursor stays on that slot and the next
 * call resumes there.
 *
 * <p>Not thread-safe: owned by one partition, used only from its event loop.
 */
public final class TimingWheel {
  /** Receives each due entry. It may reschedule the entry (for its next fire) before returning. */
  @FunctionalInterface
  public interface FireSink {
    void due(WheelEntry entry, long epochSecond);
  }

  /** Below this many cancelled entries the heap is left alone: a rebuild would cost more. */
  static final int MIN_COMPACTION = 64;

  private final WheelEntry[] heads;
  private final int mask;
  private final PriorityQueue<WheelEntry> overflow =
      new PriorityQueue<>((a, b) -> Long.compare(a.epochSecond, b.epochSecond));
  private long cursor;
  private int size;

  /** Entries in {@link #overflow} that are marked cancelled. */
  private int overflowCancelled;

  /**
   * @param slots a power of two; entries due within this many seconds of the cursor live in slots
   * @param startEpochSecond the first second the wheel will process
   */
  public TimingWheel(int slots, long startEpochSecond) {
    if (Integer.bitCount(slots) != 1) {
      throw new IllegalArgumentException("slots must be a power of two: " + slots);
    }
    this.heads = new WheelEntry[slots];
    this.mask = slots - 1;
    this.cursor = startEpochSecond;
  }

  /** The next second the wheel has not fully processed. */
  public long cursor() {
    return cursor;
  }

  /** Live entries (slots and overflow, excluding cancelled ones). */
  public int size() {
    return size;
  }

  /** Entries in the overflow heap, live or cancelled and not yet dropped (for tests and gauges). */
  public int overflowSize() {
    return overflow.size();
  }

  /**
   * Schedules an unscheduled entry. A second before the cursor is clamped to the cursor: the entry
   * is due at once.
   */
  public void schedule(WheelEntry entry, long epochSecond) {
    if (entry.isScheduled() || entry.isCancelled()) {
      throw new IllegalStateException("entry is already scheduled or cancelled");
    }
    entry.epochSecond = Math.max(epochSecond, cursor);
    size++;
    if (entry.epochSecond - cursor < heads.length) {
      link(entry);
    } else {
      entry.slot = WheelEntry.OVERFLOW;
      overflow.add(entry);
    }
  }

  /**
   * Cancels an entry for good. Returns false if it was not scheduled. An overflow entry stays in
   * the heap, marked, until it surfaces or the heap is compacted.
   */
  public boolean cancel(WheelEntry entry) {
    if (!entry.isScheduled()) {
      entry.slot = WheelEntry.CANCELLED;
      return false;
    }
    boolean inOverflow = entry.slot == WheelEntry.OVERFLOW;
    if (!inOverflow) {
      unlink(entry);
    }
    entry.slot = WheelEntry.CANCELLED;
    size--;
    if (inOverflow) {
      overflowCancelled++;
      compactOverflowIfMostlyCancelled();
    }
    return true;
  }

  /** Rebuilds the heap without its cancelled entries once they outnumber the live ones. */
  private void compactOverflowIfMostlyCancelled() {
    if (overflowCancelled > MIN_COMPACTION && overflowCancelled > overflow.size() / 2) {
      overflow.removeIf(WheelEntry::isCancelled); // O(n): removes, then heapifies once
      overflowCancelled = 0;
    }
  }

  /**
   * Pops every entry due at or before {@code epochSecond}, oldest second first, handing each to the
   * sink, until done or {@code budget} entries were handed out.
   *
   * @return the unused budget; 0 means the call may have stopped early and should be repeated
   */
  public int advanceTo(long epochSecond, FireSink sink, int budget) {
    while (cursor <= epochSecond) {
      promoteOverflow();
      int index = (int) (cursor & mask);
      WheelEntry entry;
      while ((entry = heads[index]) != null) {
        if (budget == 0) {
          return 0;
        }
        unlink(entry);
        entry.slot = WheelEntry.UNSCHEDULED;
        size--;
        budget--;
        sink.due(entry, cursor);
      }
      cursor++;
    }
    return budget;
  }

  /** Moves heap entries that have come within the window into their slots. */
  private void promoteOverflow() {
    WheelEntry head;
    while ((head = overflow.peek()) != null && head.epochSecond - cursor < heads.length) {
      overflow.poll();
      if (head.slot == WheelEntry.CANCELLED) {
        overflowCancelled--;
        continue;
      }
      link(head);
    }
  }

  private void link(WheelEntry entry) {
    int index = (int) (entry.epochSecond & mask);
    WheelEntry head = heads[index];
    entry.prev = null;
    entry.next = head;
    if (head != null) {
      head.prev = entry;
    }
    heads[index] = entry;
    entry.slot = index;
  }

  private void unlink(WheelEntry entry) {
    if (entry.prev != null) {
      entry.prev.next = entry.next;
    } else {
      heads[entry.slot] = entry.next;
    }
    if (entry.next != null) {
      entry.next.prev = entry.prev;
    }
    entry.prev = null;
    entry.next = null;
  }
}
