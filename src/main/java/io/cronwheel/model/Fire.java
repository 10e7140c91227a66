package io.cronwheel.model;

import java.util.UUID;

/**
 * One delivery to make: a job at one scheduled time, under one execution id.
 *
 * @param scheduledAtMillis a whole second for scheduled fires; the trigger instant for manual ones
 */
public record Fire(UUID executionId, Job job, long scheduledAtMillis, Trigger trigger) {

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
