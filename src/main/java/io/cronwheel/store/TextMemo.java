package io.cronwheel.store;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Values computed from texts that many rows repeat, such as the JSON documents of a million jobs
 * made from a few templates: each distinct text is parsed once and its value shared. Thread-safe.
 * Bounded like {@link Interner} (cleared when full); texts longer than {@code maxTextLength} are
 * computed every time and never kept.
 */
final class TextMemo<V> {
  private final int maxEntries;
  private final int maxTextLength;
  private final Function<String, V> compute;
  private final ConcurrentHashMap<String, V> values = new ConcurrentHashMap<>();

  TextMemo(int maxEntries, int maxTextLength, Function<String, V> compute) {
    this.maxEntries = maxEntries;
    this.maxTextLength = maxTextLength;
    this.compute = compute;
  }

  V get(String text) {
    if (text.length() > maxTextLength) {
      return compute.apply(text);
    }
    V value = values.get(text);
    if (value != null) {
      return value;
    }
    value = compute.apply(text); // may throw: nothing is kept then
    if (values.size() >= maxEntries) {
      values.clear();
    }
    V raced = values.putIfAbsent(text, value);
    return raced != null ? raced : value;
  }

  int size() {
    return values.size();
  }
}
