package io.cronwheel.dispatch;

import io.cronwheel.time.Timers;

/** Makes a partition's dispatcher, on that partition's event loop. */
@FunctionalInterface
public interface DispatcherFactory {
  FireDispatcher create(int partition, Timers timers, CompletionListener listener);
}
