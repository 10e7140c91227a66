package io.cronwheel.wheel;

import io.cronwheel.metrics.EngineEvents;

/**
 * The partition's loop boundary: whatever one step throws is caught, logged and counted (through
 * {@link EngineEvents#unexpected}), and the loop carries on, so one bad job cannot stop its
 * partition's timer.
 */
final class LoopGuard {
  private LoopGuard() {}

  static void run(EngineEvents events, int partition, String where, Runnable step) {
    try {
      step.run();
    } catch (Throwable t) {
      events.unexpected("partition " + partition + " " + where, t);
    }
  }
}
