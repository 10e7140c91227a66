package io.cronwheel.alert;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivery trouble, logged per webhook host rather than per alert: one line when a host starts
 * failing, then at most one per host and {@link #EVERY} with the counts while it fails, and one
 * when it takes alerts again. At most {@link #MAX_HOSTS} hosts are told apart; the rest are counted
 * together. Used on the alert loop only.
 */
final class DeliveryLog {
  static final Duration EVERY = Duration.ofMinutes(1);
  private static final int MAX_HOSTS = 256;
  private static final String OTHER_HOSTS = "other hosts";
  private static final Logger log = LoggerFactory.getLogger(DeliveryLog.class);

  private static final class Host {
    long failedAttempts;
    long undeliverable;
    long failedInStreak;
    String lastError;
  }

  private final Map<String, Host> failingHosts = new HashMap<>();

  /** One failed attempt; {@code gaveUp} when the alert is now undeliverable. */
  void failed(String webhook, String error, boolean gaveUp) {
    String host = hostOf(webhook);
    Host h = failingHosts.get(host);
    if (h == null) {
      if (failingHosts.size() >= MAX_HOSTS) {
        host = OTHER_HOSTS;
        h = failingHosts.computeIfAbsent(host, k -> new Host());
      } else {
        h = new Host();
        failingHosts.put(host, h);
        log.warn(
            "alerts to {} fail ({}); retrying with backoff, logged once a minute while it fails",
            host,
            error);
        h.failedInStreak++;
        return;
      }
    }
    h.failedInStreak++;
    h.lastError = error;
    if (gaveUp) {
      h.undeliverable++;
    } else {
      h.failedAttempts++;
    }
  }

  void delivered(String webhook) {
    if (failingHosts.isEmpty()) {
      return;
    }
    String host = hostOf(webhook);
    Host h = failingHosts.remove(host);
    if (h != null) {
      log.info(
          "alerts to {} are delivered again after {} failed attempt(s)", host, h.failedInStreak);
    }
  }

  /** One line per host that failed since the last flush. */
  void flush() {
    failingHosts.forEach(
        (host, h) -> {
          if (h.failedAttempts + h.undeliverable > 0) {
            log.warn(
                "alerts to {}: {} attempt(s) failed in the last {} s, {} alert(s) given up as"
                    + " undeliverable (latest: {})",
                host,
                h.failedAttempts + h.undeliverable,
                EVERY.toSeconds(),
                h.undeliverable,
                h.lastError);
            h.failedAttempts = 0;
            h.undeliverable = 0;
          }
        });
  }

  private static String hostOf(String webhook) {
    try {
      URI uri = URI.create(webhook);
      return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    } catch (IllegalArgumentException e) {
      return webhook;
    }
  }
}
