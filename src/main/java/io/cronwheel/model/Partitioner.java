package io.cronwheel.model;

import java.util.UUID;

/** Maps a job id to one of {@code count} partitions, stably across processes and restarts. */
public record Partitioner(int count) {
  public Partitioner {
    if (count < 1) {
      throw new IllegalArgumentException("partition count must be positive");
    }
  }

  public int partitionOf(UUID jobId) {
    // Version-7 ids share their leading time bits, so mix both halves before reducing.
    long h = jobId.getMostSignificantBits() * 0x9E3779B97F4A7C15L ^ jobId.getLeastSignificantBits();
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return (int) Math.floorMod(h, (long) count);
  }
}
