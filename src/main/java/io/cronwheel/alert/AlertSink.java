package io.cronwheel.alert;

import io.cronwheel.model.Execution;
import io.cronwheel.model.Job;

/**
 * Where every final execution of a fire that was attempted (scheduled or manual) is reported, so
 * that people hear when a job starts failing, keeps failing and recovers. Called on the partitions'
 * event loops for every such execution, so it must be cheap: for a healthy job it is one map
 * lookup. Never blocks.
 */
@FunctionalInterface
public interface AlertSink {
  AlertSink NONE = (job, execution) -> {};

  void completed(Job job, Execution execution);
}
