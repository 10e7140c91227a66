package io.cronwheel.alert;

import io.cronwheel.model.AlertType;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * The {@code alerts} table's claim rules in memory, for delivery tests: each {@link #node} is one
 * engine's view, claiming with a lease; a job's alerts are claimed in order; outcomes are written
 * only by the claimant. {@link #failing} makes every statement fail.
 */
final class InMemoryAlertStore {
  static final class Row {
    final UUID id = UUID.randomUUID();
    final UUID jobId;
    final long seq;
    final long createdAtMillis;
    String status = "PENDING";
    int attempts;
    long nextAttemptAtMillis;
    String claimedBy;
    long claimedUntilMillis;
    String lastError;

    Row(UUID jobId, long seq, long createdAtMillis) {
      this.jobId = jobId;
      this.seq = seq;
      this.createdAtMillis = createdAtMillis;
      this.nextAttemptAtMillis = createdAtMillis;
    }
  }

  final List<Row> rows = new ArrayList<>();
  boolean failing;
  private long seq;

  synchronized Row add(UUID jobId, long createdAtMillis) {
    Row row = new Row(jobId, ++seq, createdAtMillis);
    rows.add(row);
    return row;
  }

  synchronized long count(String status) {
    return rows.stream().filter(r -> r.status.equals(status)).count();
  }

  synchronized Row row(UUID id) {
    return rows.stream().filter(r -> r.id.equals(id)).findFirst().orElseThrow();
  }

  AlertStore node(String nodeId) {
    return new AlertStore() {
      @Override
      public Future<Void> insert(List<NewAlert> alerts) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Future<List<Claimed>> claim(long nowMillis, long leaseUntilMillis, int limit) {
        synchronized (InMemoryAlertStore.this) {
          if (failing) {
            return Future.failedFuture("database down");
          }
          List<Claimed> claimed = new ArrayList<>();
          rows.stream()
              .filter(r -> r.status.equals("PENDING") && r.nextAttemptAtMillis <= nowMillis)
              .filter(r -> r.claimedBy == null || r.claimedUntilMillis <= nowMillis)
              .filter(
                  r ->
                      rows.stream()
                          .noneMatch(
                              b ->
                                  b.jobId.equals(r.jobId)
                                      && b.status.equals("PENDING")
                                      && b.seq < r.seq))
              .sorted(
                  Comparator.comparingLong((Row r) -> r.nextAttemptAtMillis)
                      .thenComparingLong(r -> r.seq))
              .limit(limit)
              .forEach(
                  r -> {
                    r.claimedBy = nodeId;
                    r.claimedUntilMillis = leaseUntilMillis;
                    r.attempts++;
                    claimed.add(
                        new Claimed(
                            r.id,
                            r.jobId,
                            AlertType.JOB_FAILING,
                            "http://127.0.0.1:9/alerts",
                            new JsonObject().put("type", "JOB_FAILING"),
                            r.attempts,
                            r.createdAtMillis));
                  });
          return Future.succeededFuture(claimed);
        }
      }

      @Override
      public Future<Void> delivered(UUID id, long nowMillis) {
        return settle(id, r -> r.status = "DELIVERED");
      }

      @Override
      public Future<Void> retryAt(UUID id, long nextAttemptAtMillis, String error) {
        return settle(
            id,
            r -> {
              r.nextAttemptAtMillis = nextAttemptAtMillis;
              r.lastError = error;
            });
      }

      @Override
      public Future<Void> undeliverable(UUID id, String error) {
        return settle(
            id,
            r -> {
              r.status = "UNDELIVERABLE";
              r.lastError = error;
            });
      }

      @Override
      public Future<List<AlertTracker.OpenEpisode>> openEpisodes(long sinceMillis, int limit) {
        return Future.succeededFuture(List.of());
      }

      private Future<Void> settle(UUID id, java.util.function.Consumer<Row> change) {
        synchronized (InMemoryAlertStore.this) {
          if (failing) {
            return Future.failedFuture("database down");
          }
          Row row = row(id);
          if (nodeId.equals(row.claimedBy)) {
            change.accept(row);
            row.claimedBy = null;
          }
          return Future.succeededFuture();
        }
      }
    };
  }
}
