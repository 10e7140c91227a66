package io.cronwheel.model;

/** What happens when a job's second comes while its previous execution is still running. */
public enum OverlapPolicy {
  /** Fire anyway. */
  ALLOW,
  /** Do not fire; record the second as {@link ExecutionStatus#SKIPPED}. */
  SKIP,
  /** Fire as soon as the previous execution ends. */
  QUEUE
}
