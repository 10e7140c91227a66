package io.cronwheel.wheel;

import io.cronwheel.model.ExecutionType;
import io.cronwheel.model.Job;

/**
 * Decides what happens to a misfired second: one that passed while the engine was down, or that the
 * engine reached more than the misfire threshold late. Pure.
 *
 * <p>At-most-once jobs never catch up. At-least-once jobs follow their policy: {@code SKIP} records
 * every missed second; {@code FIRE_ALL} fires those within the catch-up window; {@code FIRE_ONCE}
 * fires only the last misfired second of the episode, recognisable because the job's next fire
 * after it is no longer misfired.
 */
final class Misfires {
  private Misfires() {}

  /**
   * @param nextFire the job's next fire after {@code epochSecond}
   * @param misfireEdge the latest second that still counts as misfired now
   */
  static boolean shouldFire(
      Job job, long epochSecond, long nextFire, long misfireEdge, long nowSecond) {
    if (job.executionType() == ExecutionType.AT_MOST_ONCE) {
      return false;
    }
    return switch (job.spec().misfirePolicy()) {
      case SKIP -> false;
      case FIRE_ALL -> nowSecond - epochSecond <= job.spec().catchUpWindow().toSeconds();
      case FIRE_ONCE -> nextFire > misfireEdge;
    };
  }
}
