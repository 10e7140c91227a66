package io.cronwheel.wheel;

import java.time.Duration;

/**
 * How one partition schedules: the part of the engine's configuration it needs (the defaults are in
 * {@code CronwheelConfig}).
 *
 * @param wheelSlots one-second slots of its timing wheel (a power of two); later fires wait in the
 *     overflow heap
 * @param claimLookahead how far ahead of the wall clock seconds are staged and claimed
 * @param misfireThreshold how late a second may be reached and still fire normally
 * @param recoveryHorizon how far back a restarted engine replays the seconds it missed
 * @param shutdownGrace how long a stop waits for requests in flight
 * @param catchUpPerSecond catch-up fires and missed records this partition replays per second
 */
public record PartitionSettings(
    int wheelSlots,
    Duration claimLookahead,
    Duration misfireThreshold,
    Duration recoveryHorizon,
    Duration shutdownGrace,
    int catchUpPerSecond) {
  public PartitionSettings {
    long lookahead = claimLookahead.toSeconds();
    if (lookahead < 0 || lookahead > StagingRing.SECONDS - 2) {
      throw new IllegalArgumentException(
          "claim lookahead must be 0.." + (StagingRing.SECONDS - 2) + " seconds");
    }
  }

  int lookaheadSeconds() {
    return (int) claimLookahead.toSeconds();
  }
}
