package io.cronwheel.metrics;

import io.cronwheel.time.Clock;
import java.time.Duration;

/**
 * Whether the engine's own statements (claims and record batches, on the engine's pool) succeed:
 * what {@code /health} reports beside its probe of the API's pool, so a database that stopped
 * answering the engine shows within seconds even while the API's small queries still pass. Fed by
 * {@link MicrometerEngineEvents}; thread-safe (volatile timestamps, last writer wins).
 */
public final class DatabaseHealth {
  /** A failure this recent, with no success since, makes the engine's database degraded. */
  static final Duration FAILURE_MEMORY = Duration.ofSeconds(10);

  private final Clock clock;
  private volatile long lastSuccessNanos;
  private volatile long lastFailureNanos;
  private volatile String lastError;
  private volatile boolean everFailed;

  public DatabaseHealth(Clock clock) {
    this.clock = clock;
    this.lastSuccessNanos = clock.nanoTime();
  }

  /** Null when healthy, else why not. */
  public String problem() {
    if (!everFailed) {
      return null;
    }
    long failedAt = lastFailureNanos;
    boolean recent = clock.nanoTime() - failedAt < FAILURE_MEMORY.toNanos();
    return recent && failedAt - lastSuccessNanos > 0 ? lastError : null;
  }

  void succeeded() {
    lastSuccessNanos = clock.nanoTime();
  }

  void failed(String error) {
    lastError = error;
    lastFailureNanos = clock.nanoTime();
    everFailed = true;
  }
}
