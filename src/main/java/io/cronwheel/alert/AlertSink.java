package io.cronwheel.alert;

import io.cronwheel.model.Execution;
import io.cronwheel.model.Job;

/**
 * Where executions that finally failed are reported, to tell people. Callable from any thread;
 * never blocks.
 */
@FunctionalInterface
public interface AlertSink {
  AlertSink NONE = (job, execution) -> {};

  void failed(Job job, Execution execution);
}
