package io.cronwheel.dispatch;

import io.cronwheel.model.Fire;
import io.vertx.core.Future;

/**
 * Sees fires through to their final execution: what a partition hands its due fires to. Used only
 * from the partition's event loop.
 */
public interface FireDispatcher {
  /**
   * Starts delivering a fire; its final execution reaches the dispatcher's {@link
   * CompletionListener}.
   */
  void fire(Fire fire);

  /** Executions started and not yet final (including those waiting for a permit or a retry). */
  int inFlight();

  /** Completes when nothing is in flight. */
  Future<Void> whenDrained();

  /** Releases the dispatcher's connections; call once nothing is in flight any more. */
  Future<Void> close();
}
