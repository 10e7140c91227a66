package io.cronwheel.dispatch;

import java.net.URI;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Target URLs parsed once: the {@code host:port} key (the unit of circuit breaking and per-host
 * caps) and the parts a request needs, so no fire parses its URL again. Cached, thread-safe.
 *
 * <p>The cache is bounded both in entries and in the characters it holds (a URL and its request
 * URI): when either bound is reached it is cleared and fills again with the URLs still firing, so
 * URLs of jobs since changed or deleted are not kept, and a few very long URLs cannot pin much
 * memory. URLs longer than {@link #MAX_CACHED_URL_CHARS} are parsed on every fire instead. Each
 * lookup costs one map read; a miss adds a parse and two counter updates.
 */
final class HostKeys {
  static final int MAX_CACHED = 100_000;
  static final long MAX_CACHED_CHARS = 16L << 20;
  static final int MAX_CACHED_URL_CHARS = 2048;
  private static final ConcurrentHashMap<String, ParsedUrl> CACHE = new ConcurrentHashMap<>();

  /**
   * Characters of the cached URLs and request URIs; reset with the cache (approximate under races).
   */
  private static final AtomicLong CACHED_CHARS = new AtomicLong();

  /** An absolute http(s) URL taken apart. */
  record ParsedUrl(String hostKey, String host, int port, boolean ssl, String requestUri) {}

  private HostKeys() {}

  static ParsedUrl parse(String url) {
    ParsedUrl parsed = CACHE.get(url);
    if (parsed != null) {
      return parsed;
    }
    parsed = compute(url);
    if (url.length() > MAX_CACHED_URL_CHARS) {
      return parsed;
    }
    long chars = url.length() + (long) parsed.requestUri().length();
    if (CACHE.size() >= MAX_CACHED || CACHED_CHARS.addAndGet(chars) > MAX_CACHED_CHARS) {
      CACHE.clear();
      CACHED_CHARS.set(chars);
    }
    CACHE.put(url, parsed);
    return parsed;
  }

  /** Entries in the cache, for tests. */
  static int cachedCount() {
    return CACHE.size();
  }

  /** Characters counted in the cache, for tests. */
  static long cachedChars() {
    return CACHED_CHARS.get();
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
