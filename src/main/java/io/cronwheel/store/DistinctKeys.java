package io.cronwheel.store;

import io.cronwheel.model.Execution;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Makes a batch fit one {@code INSERT ... ON CONFLICT (job_id, scheduled_at) DO UPDATE}, which
 * PostgreSQL refuses (21000) when two of its rows share a key. A later record of the same execution
 * replaces the earlier one in place (records of one execution all come from its partition's loop,
 * so a later one in the queue is a newer one); a record of another execution under a key already
 * taken is left for a later statement. Pure.
 */
final class DistinctKeys {
  /**
   * The key as PostgreSQL compares it: {@code timestamptz} keeps microseconds.
   *
   * @param scheduledAtMicros microseconds since the epoch
   */
  private record Key(UUID jobId, long scheduledAtMicros) {
    static Key of(Execution e) {
      Instant at = e.scheduledAt();
      return new Key(
          e.jobId(),
          at == null ? Long.MIN_VALUE : at.getEpochSecond() * 1_000_000 + at.getNano() / 1000);
    }
  }

  /**
   * @param statement rows with distinct keys, in the batch's order
   * @param deferred rows whose key another execution took in {@code statement}, in the batch's
   *     order
   * @param superseded records dropped because a newer record of the same execution followed
   */
  record Split(List<Execution> statement, List<Execution> deferred, int superseded) {}

  private DistinctKeys() {}

  static Split split(List<Execution> rows) {
    Map<Key, Execution> byKey = new LinkedHashMap<>(rows.size() * 4 / 3 + 1);
    List<Execution> deferred = new ArrayList<>(0);
    int superseded = 0;
    for (Execution row : rows) {
      Key key = Key.of(row);
      Execution taken = byKey.putIfAbsent(key, row);
      if (taken == null) {
        continue;
      }
      if (Objects.equals(taken.id(), row.id())) {
        byKey.put(key, row);
        superseded++;
      } else {
        deferred.add(row);
      }
    }
    if (deferred.isEmpty() && superseded == 0) {
      return new Split(rows, deferred, 0);
    }
    return new Split(new ArrayList<>(byKey.values()), deferred, superseded);
  }
}
