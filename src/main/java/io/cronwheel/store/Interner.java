package io.cronwheel.store;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Shares equal immutable values: {@link #intern} returns the first instance seen of an equal value,
 * so a million jobs that repeat it hold one copy. Thread-safe. Bounded: when it holds {@code
 * maxEntries} values it is cleared and fills again, so values that are not repeated cost at most
 * that many entries, and a value interned before a clear stays valid (it is only no longer shared
 * with later ones).
 */
final class Interner<T> {
  private final int maxEntries;
  private final ConcurrentHashMap<T, T> values = new ConcurrentHashMap<>();

  Interner(int maxEntries) {
    this.maxEntries = maxEntries;
  }

  /** The shared instance equal to {@code value}; null for null. */
  T intern(T value) {
    if (value == null) {
      return null;
    }
    T shared = values.get(value);
    if (shared != null) {
      return shared;
    }
    if (values.size() >= maxEntries) {
      values.clear();
    }
    shared = values.putIfAbsent(value, value);
    return shared == null ? value : shared;
  }

  int size() {
    return values.size();
  }
}
