package io.cronwheel.model;

import java.util.UUID;

/**
 * One delivery to make: a job at one scheduled time, under one execution id.
 *
 * @param scheduledAtMillis a whole second for scheduled fires; the trigger instant for manual ones,
 *     never a whole second (see {@link #manual})
 */
public record Fire(UUID executionId, Job job, long scheduledAtMillis, Trigger trigger) {

  /**
   * A manual fire at {@code atMillis}, or the millisecond after it if that is a whole second: a
   * whole second is the {@code (job, scheduled time)} key of that second's scheduled fire, and a
   * manual fire holding it would make the scheduled one lose its claim and never be sent.
   */
  public static Fire manual(UUID executionId, Job job, long atMillis) {
    return new Fire(executionId, job, manualMillis(atMillis), Trigger.MANUAL);
  }

  /** This manual fire one free millisecond later (two triggers in the same millisecond). */
  public Fire nextManualMillisecond() {
    return manual(executionId, job, scheduledAtMillis + 1);
  }

  private static long manualMillis(long atMillis) {
    return Math.floorMod(atMillis, 1000L) == 0 ? atMillis + 1 : atMillis;
  }

  /**
   * Stable for one job and scheduled time: the same on every retry and on every node, so receivers
   * can deduplicate.
   */
  public String idempotencyKey() {
    return trigger == Trigger.SCHEDULED
        ? job.id() + ":" + Math.floorDiv(scheduledAtMillis, 1000)
        : job.id() + ":manual:" + executionId;
  }

  public Fire withJob(Job newJob) {
    return new Fire(executionId, newJob, scheduledAtMillis, trigger);
  }
}
