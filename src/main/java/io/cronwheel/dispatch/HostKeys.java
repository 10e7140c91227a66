package io.cronwheel.dispatch;

import java.net.URI;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/** The {@code host:port} a target URL talks to: the unit of circuit breaking and per-host caps. Cached. */
final class HostKeys {
  private static final int MAX_CACHED = 100_000;
  private static final ConcurrentHashMap<String, String> CACHE = new ConcurrentHashMap<>();

  private HostKeys() {}

  static String of(String url) {
    String key = CACHE.get(url);
    if (key == null) {
      key = compute(url);
      if (CACHE.size() >= MAX_CACHED) {
        CACHE.clear();
      }
      CACHE.put(url, key);
    }
    return key;
  }

  private static String compute(String url) {
    try {
      URI uri = URI.create(url);
      int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
      return String.valueOf(uri.getHost()).toLowerCase(Locale.ROOT) + ":" + port;
    } catch (IllegalArgumentException e) {
      return url;
    }
  }
}
