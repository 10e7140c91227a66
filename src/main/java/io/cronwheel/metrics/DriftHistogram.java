package io.cronwheel.metrics;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * Drift (how late a fire left, in milliseconds) in HdrHistogram form. Each partition records into
 * its own {@link SingleWriterRecorder}, wait-free and uncontended, because only that partition's
 * event loop writes to it; fires outside any partition share one multi-writer {@link Recorder}.
 * Readers harvest the interval histograms into a cumulative one and a one-minute tumbling window.
 */
public final class DriftHistogram {
  private static final long HIGHEST_MS = 3_600_000;
  private static final long WINDOW_NANOS = 60_000_000_000L;

  /** Two significant digits: 1 % resolution is plenty for drift, and harvesting stays cheap. */
  private static final int DIGITS = 2;

  /** A scrape reads a dozen gauges; one harvest serves them all. */
  private static final long HARVEST_EVERY_NANOS = 500_000_000L;

  private long lastHarvestNanos = System.nanoTime() - HARVEST_EVERY_NANOS;

  private final SingleWriterRecorder[] partitions;
  private final Recorder shared = new Recorder(HIGHEST_MS, DIGITS);
  private final Histogram total = new Histogram(HIGHEST_MS, DIGITS);
  private Histogram window = new Histogram(HIGHEST_MS, DIGITS);
  private Histogram previousWindow = new Histogram(HIGHEST_MS, DIGITS);
  private long windowStartNanos = System.nanoTime();
  // A recorder only takes back interval histograms it produced itself, hence one scratch per
  // recorder.
  private final Histogram[] partitionScratch;
  private Histogram sharedScratch;

  public DriftHistogram(int partitionCount) {
    partitions = new SingleWriterRecorder[partitionCount];
    partitionScratch = new Histogram[partitionCount];
    for (int i = 0; i < partitionCount; i++) {
      partitions[i] = new SingleWriterRecorder(HIGHEST_MS, DIGITS);
    }
  }

  /** Called from partition {@code partition}'s event loop only, or with -1 from anywhere. */
  public void record(int partition, long driftMs) {
    long value = Math.min(Math.max(driftMs, 0), HIGHEST_MS);
    if (partition >= 0 && partition < partitions.length) {
      partitions[partition].recordValue(value);
    } else {
      shared.recordValue(value);
    }
  }

  /** Drift quantile in ms since start. */
  public synchronized double totalQuantile(double quantile) {
    harvest();
    return total.getValueAtPercentile(quantile * 100);
  }

  /**
   * Drift quantile in ms over the last complete minute (or the current one, before a minute has
   * passed).
   */
  public synchronized double recentQuantile(double quantile) {
    harvest();
    Histogram source = previousWindow.getTotalCount() > 0 ? previousWindow : window;
    return source.getValueAtPercentile(quantile * 100);
  }

  public synchronized long count() {
    harvest();
    return total.getTotalCount();
  }

  public synchronized long max() {
    harvest();
    return total.getMaxValue();
  }

  private void harvest() {
    long now = System.nanoTime();
    if (now - lastHarvestNanos < HARVEST_EVERY_NANOS) {
      return;
    }
    lastHarvestNanos = now;
    if (now - windowStartNanos > WINDOW_NANOS) {
      Histogram recycled = previousWindow;
      previousWindow = window;
      recycled.reset();
      window = recycled;
      windowStartNanos = now;
    }
    for (int i = 0; i < partitions.length; i++) {
      partitionScratch[i] = partitions[i].getIntervalHistogram(partitionScratch[i]);
      add(partitionScratch[i]);
    }
    sharedScratch = shared.getIntervalHistogram(sharedScratch);
    add(sharedScratch);
  }

  private void add(Histogram interval) {
    if (interval.getTotalCount() > 0) {
      total.add(interval);
      window.add(interval);
    }
  }
}
