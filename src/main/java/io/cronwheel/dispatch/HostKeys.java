package io.cronwheel.dispatch;

import java.net.URI;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Target URLs parsed once: the {@code host:port} key (the unit of circuit breaking and per-host
 * caps) and the parts a request needs, so no fire parses its URL again. Cached, thread-safe.
 */
final class HostKeys {
  private static final int MAX_CACHED = 100_000;
  private static final ConcurrentHashMap<String, ParsedUrl> CACHE = new ConcurrentHashMap<>();

  /** An absolute http(s) URL taken apart. */
  record ParsedUrl(String hostKey, String host, int port, boolean ssl, String requestUri) {}

  private HostKeys() {}

  static ParsedUrl parse(String url) {
    ParsedUrl parsed = CACHE.get(url);
    if (parsed == null) {
      parsed = compute(url);
      if (CACHE.size() >= MAX_CACHED) {
        CACHE.clear();
      }
      CACHE.put(url, parsed);
    }
    return parsed;
  }

  private static ParsedUrl compute(String url) {
    try {
      URI uri = URI.create(url);
      boolean ssl = "https".equalsIgnoreCase(uri.getScheme());
      int port = uri.getPort() >= 0 ? uri.getPort() : ssl ? 443 : 80;
      String host = uri.getHost();
      if (host == null) {
        // No authority URI can parse (a relative URL, or a host name with an underscore).
        return new ParsedUrl(url, null, -1, false, url);
      }
      String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
      String requestUri = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
      return new ParsedUrl(host.toLowerCase(Locale.ROOT) + ":" + port, host, port, ssl, requestUri);
    } catch (IllegalArgumentException e) {
      return new ParsedUrl(url, null, -1, false, url);
    }
  }
}
