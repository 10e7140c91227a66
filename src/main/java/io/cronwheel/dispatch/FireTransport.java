package io.cronwheel.dispatch;

import io.cronwheel.model.Fire;
import io.vertx.core.Future;

/**
 * Sends one attempt of a fire and says what came of it. The future never fails: a connection error,
 * a timeout or a bad URL is an {@link Outcome} like any status code. Used only from its
 * dispatcher's event loop.
 */
public interface FireTransport {
  Future<Outcome> send(Fire fire, int attempt);

  /** Closes the connections; attempts still in flight end with an error outcome. */
  Future<Void> close();
}
