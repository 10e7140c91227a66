package io.cronwheel.cluster;

import io.cronwheel.store.PgExecutionStore;
import io.cronwheel.store.PgProgressStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells whether another engine is firing from this database right now, so that a starting engine
 * leaves that engine's claims on the coming seconds alone instead of adopting them as a crashed
 * run's leftovers.
 *
 * <p>The evidence is progress marks that keep moving. They are watched for {@link #WINDOW} when
 * they are fresh, or when seconds ahead are claimed: an engine started a moment earlier has claimed
 * its next seconds before it records its first mark, so a mark appearing counts as moving. A
 * heuristic with a known hole (a live engine too slow to move its marks in the window looks dead);
 * partition leases replace it.
 */
public final class LiveEngineDetector {
  private static final Logger log = LoggerFactory.getLogger(LiveEngineDetector.class);

  /**
   * Progress marks fresher than this may belong to a live engine: watch them that long before
   * deciding.
   */
  public static final Duration WINDOW = Duration.ofSeconds(3);

  private final Vertx vertx;
  private final PgProgressStore progress;
  private final PgExecutionStore executions;

  public LiveEngineDetector(Vertx vertx, PgProgressStore progress, PgExecutionStore executions) {
    this.vertx = vertx;
    this.progress = progress;
    this.executions = executions;
  }

  /** Completes with true if another engine moved its marks past {@code marks} while watched. */
  public Future<Boolean> anotherEngineLive(PgProgressStore.Marks marks) {
    Future<Boolean> worthWatching =
        marks.freshestAgeSeconds() <= WINDOW.toSeconds()
            ? Future.succeededFuture(true)
            : executions.claimsAhead();
    return worthWatching.compose(watch -> watch ? watch(marks) : Future.succeededFuture(false));
  }

  private Future<Boolean> watch(PgProgressStore.Marks before) {
    Promise<Boolean> live = Promise.promise();
    vertx.setTimer(
        WINDOW.toMillis(),
        id ->
            progress
                .loadMarks()
                .onComplete(
                    ar -> {
                      boolean moved = ar.succeeded() && ar.result().movedPast(before);
                      if (moved) {
                        log.warn(
                            "another engine is firing from this database; partitions are not yet"
                                + " shared between engines, so run one engine per database");
                      }
                      live.complete(moved);
                    }));
    return live.future();
  }
}
