package io.cronwheel.model;

/** What an alert tells about a job's failure episode. */
public enum AlertType {
  /** The job's first final failure after it was healthy: an episode begins. */
  JOB_FAILING,
  /** The job kept failing: the failures since the previous alert, at most one per interval. */
  JOB_STILL_FAILING,
  /** The job succeeded again after failing: the episode is over. */
  JOB_RESOLVED
}
