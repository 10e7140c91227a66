package io.cronwheel.model;

/**
 * What an at-least-once job does with seconds that passed while nobody could fire them (the engine
 * was down, or stalled past the misfire threshold). At-most-once jobs never catch up: their missed
 * seconds are always recorded as {@link ExecutionStatus#MISSED}.
 */
public enum MisfirePolicy {
  /** One catch-up fire for the most recent missed second; the others are recorded as missed. */
  FIRE_ONCE,
  /**
   * Every missed second within the job's catch-up window, oldest first; older ones are recorded as
   * missed.
   */
  FIRE_ALL,
  /** None: every missed second is recorded as missed. */
  SKIP
}
