package io.cronwheel.dispatch;

import io.cronwheel.model.Execution;
import io.cronwheel.model.Fire;

/** Receives every execution once it is final, on the dispatcher's event loop. */
@FunctionalInterface
public interface CompletionListener {
  void completed(Fire fire, Execution execution);
}
