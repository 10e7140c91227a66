package io.cronwheel.config;

import static io.cronwheel.config.CronwheelConfig.*;

import io.cronwheel.auth.Tokens;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@link CronwheelConfig} from {@code CRONWHEEL_*} environment variables. */
public final class ConfigLoader {
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");
  private static final Pattern BYTES_OR_PERCENT =
      Pattern.compile("(\\d+)\\s*(%|b|k|kb|kib|m|mb|mib|g|gb|gib)?", Pattern.CASE_INSENSITIVE);
  private static final long MIN_JOB_MEMORY_BUDGET = 64 * 1024;

  private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9._-]+");

  private final Map<String, String> env;

  private ConfigLoader(Map<String, String> env) {
    this.env = env;
  }

  public static CronwheelConfig fromEnv(Map<String, String> env) {
    return new ConfigLoader(env).load();
  }

  private CronwheelConfig load() {
    int eventLoops = intValue("CRONWHEEL_EVENT_LOOPS", DEFAULT_EVENT_LOOPS, 1, 1024);
    Duration lookahead = duration("CRONWHEEL_CLAIM_LOOKAHEAD", DEFAULT_CLAIM_LOOKAHEAD);
    if (lookahead.toMillis() < 1000 || lookahead.toMillis() > 5000) {
      throw new ConfigException(
          "CRONWHEEL_CLAIM_LOOKAHEAD must be between 1s and 5s, got " + lookahead);
    }
    int httpPort = intValue("CRONWHEEL_HTTP_PORT", DEFAULT_HTTP_PORT, 0, 65535);
    SecurityConfig security = new SecurityLoader(env).load();
    Optional<String> alertWebhook = url("CRONWHEEL_ALERT_WEBHOOK");
    String refused =
        alertWebhook
            .map(url -> security.targetPolicy().refusal(URI.create(url).getHost()))
            .orElse(null);
    if (refused != null) {
      throw new ConfigException(
          "CRONWHEEL_ALERT_WEBHOOK is refused by the target policy: " + refused);
    }
    return new CronwheelConfig(
        string("CRONWHEEL_HTTP_HOST", DEFAULT_HTTP_HOST),
        httpPort,
        dbUrl(),
        Path.of(string("CRONWHEEL_DATA_DIR", DEFAULT_DATA_DIR.toString())),
        intValue("CRONWHEEL_DB_POOL_SIZE", DEFAULT_DB_POOL_SIZE, 1, 1000),
        eventLoops,
        intValue("CRONWHEEL_PARTITIONS", PARTITIONS_PER_EVENT_LOOP * eventLoops, 1, 4096),
        powerOfTwo(
            "CRONWHEEL_WHEEL_SLOTS",
            intValue("CRONWHEEL_WHEEL_SLOTS", DEFAULT_WHEEL_SLOTS, 64, 1 << 20)),
        lookahead,
        intValue("CRONWHEEL_HTTP_POOL_SIZE", DEFAULT_HTTP_POOL_SIZE, 1, 10_000),
        intValue("CRONWHEEL_BATCH_SIZE", DEFAULT_BATCH_SIZE, 1, 100_000),
        duration("CRONWHEEL_BATCH_INTERVAL", DEFAULT_BATCH_INTERVAL),
        intValue("CRONWHEEL_RECORD_QUEUE_CAPACITY", DEFAULT_RECORD_QUEUE_CAPACITY, 1024, 1 << 28),
        duration("CRONWHEEL_SHUTDOWN_GRACE", DEFAULT_SHUTDOWN_GRACE),
        intValue("CRONWHEEL_MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES, 1024, 16 << 20),
        duration("CRONWHEEL_MISFIRE_THRESHOLD", DEFAULT_MISFIRE_THRESHOLD),
        duration("CRONWHEEL_RECOVERY_HORIZON", DEFAULT_RECOVERY_HORIZON),
        alertWebhook,
        intValue("CRONWHEEL_MAX_IN_FLIGHT", DEFAULT_MAX_IN_FLIGHT, 1, 10_000_000),
        intValue("CRONWHEEL_MAX_IN_FLIGHT_PER_HOST", DEFAULT_MAX_IN_FLIGHT_PER_HOST, 1, 10_000_000),
        intValue("CRONWHEEL_HTTP_PIPELINING_LIMIT", DEFAULT_HTTP_PIPELINING_LIMIT, 1, 1024),
        duration("CRONWHEEL_EXECUTION_RETENTION", DEFAULT_EXECUTION_RETENTION),
        durationBetween(
            "CRONWHEEL_EXECUTION_PARTITION_INTERVAL",
            DEFAULT_EXECUTION_PARTITION_INTERVAL,
            Duration.ofMinutes(1),
            Duration.ofDays(1)),
        positive(
            duration("CRONWHEEL_HTTP_CONNECT_TIMEOUT", DEFAULT_HTTP_CONNECT_TIMEOUT),
            "CRONWHEEL_HTTP_CONNECT_TIMEOUT"),
        intValue(
            "CRONWHEEL_HTTP_MAX_CONNECTING_PER_HOST",
            DEFAULT_HTTP_MAX_CONNECTING_PER_HOST,
            1,
            10_000),
        positive(duration("CRONWHEEL_PERMIT_WAIT", DEFAULT_PERMIT_WAIT), "CRONWHEEL_PERMIT_WAIT"),
        positive(
            duration("CRONWHEEL_EXECUTION_DEADLINE", DEFAULT_EXECUTION_DEADLINE),
            "CRONWHEEL_EXECUTION_DEADLINE"),
        env.get("CRONWHEEL_PARTITIONS") != null && !env.get("CRONWHEEL_PARTITIONS").isBlank(),
        bool("CRONWHEEL_REPARTITION"),
        intValue("CRONWHEEL_CATCH_UP_RATE", DEFAULT_CATCH_UP_RATE, 1, 10_000_000),
        durationBetween(
            "CRONWHEEL_ALERT_INTERVAL",
            DEFAULT_ALERT_INTERVAL,
            Duration.ofSeconds(1),
            Duration.ofDays(1)),
        durationBetween(
            "CRONWHEEL_ALERT_DELIVERY_CAP",
            DEFAULT_ALERT_DELIVERY_CAP,
            Duration.ofSeconds(1),
            Duration.ofDays(30)),
        intValue("CRONWHEEL_MAX_TARGET_BODY_BYTES", DEFAULT_MAX_TARGET_BODY_BYTES, 0, 16 << 20),
        jobMemoryBudget(Runtime.getRuntime().maxMemory()),
        cluster(httpPort),
        auth(),
        security);
  }

  private AuthConfig auth() {
    boolean enabled = onOff("CRONWHEEL_AUTH", true);
    String token = env.get("CRONWHEEL_ADMIN_TOKEN");
    Optional<String> adminToken =
        token == null || token.isBlank() ? Optional.empty() : Optional.of(token.trim());
    if (adminToken.isPresent()
        && (adminToken.get().length() < Tokens.MIN_LENGTH
            || !adminToken.get().chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
      // Never echo the value: it is a secret.
      throw new ConfigException(
          "CRONWHEEL_ADMIN_TOKEN must be at least "
              + Tokens.MIN_LENGTH
              + " visible ASCII characters (no spaces); generate one with: openssl rand -base64 32");
    }
    return new AuthConfig(enabled, adminToken, onOff("CRONWHEEL_METRICS_AUTH", false));
  }

  /** {@code on}/{@code off} (or true/false, 1/0, yes/no). */
  private boolean onOff(String name, boolean fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "on", "true", "1", "yes" -> true;
      case "off", "false", "0", "no" -> false;
      default -> throw new ConfigException(name + " must be on or off, got '" + value + "'");
    };
  }

  private ClusterConfig cluster(int httpPort) {
    String nodeId = string("CRONWHEEL_NODE_ID", "");
    if (nodeId.isBlank()) {
      nodeId = hostName() + "-" + Long.toHexString(new SecureRandom().nextLong() >>> 40);
    } else if (nodeId.length() > 200 || !NODE_ID.matcher(nodeId).matches()) {
      throw new ConfigException(
          "CRONWHEEL_NODE_ID must be 1 to 200 letters, digits, '.', '_' or '-', got '"
              + nodeId
              + "'");
    }
    String address = string("CRONWHEEL_NODE_ADDRESS", "");
    if (address.isBlank()) {
      address = "http://" + hostName() + ":" + httpPort;
    }
    Duration ttl =
        durationBetween(
            "CRONWHEEL_LEASE_TTL",
            ClusterConfig.DEFAULT_LEASE_TTL,
            ClusterConfig.MIN_LEASE_TTL,
            ClusterConfig.MAX_LEASE_TTL);
    Duration rebalanceDelay =
        durationBetween(
            "CRONWHEEL_REBALANCE_DELAY",
            ClusterConfig.DEFAULT_REBALANCE_DELAY,
            Duration.ZERO,
            ClusterConfig.MAX_REBALANCE_DELAY);
    return new ClusterConfig(nodeId, address, ttl, rebalanceDelay);
  }

  private String hostName() {
    String name = env.get("HOSTNAME");
    if (name == null || name.isBlank()) {
      try {
        name = InetAddress.getLocalHost().getHostName();
      } catch (UnknownHostException e) {
        name = "cronwheel";
      }
    }
    return name.replaceAll("[^A-Za-z0-9._-]", "-");
  }

  private Duration durationBetween(String name, Duration fallback, Duration min, Duration max) {
    Duration value = duration(name, fallback);
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new ConfigException(
          name + " must be between " + text(min) + " and " + text(max) + ", got " + text(value));
    }
    return value;
  }

  private static String text(Duration duration) {
    long millis = duration.toMillis();
    if (millis == 0) {
      return "0";
    } else if (millis % 86_400_000 == 0) {
      return millis / 86_400_000 + "d";
    } else if (millis % 3_600_000 == 0) {
      return millis / 3_600_000 + "h";
    } else if (millis % 60_000 == 0) {
      return millis / 60_000 + "m";
    } else if (millis % 1000 == 0) {
      return millis / 1000 + "s";
    }
    return millis + "ms";
  }

  private Optional<String> dbUrl() {
    String url = env.get("CRONWHEEL_DB_URL");
    if (url == null || url.isBlank()) {
      return Optional.empty();
    }
    try {
      URI uri = URI.create(url.trim());
      String scheme = uri.getScheme();
      if (!"postgresql".equals(scheme) && !"postgres".equals(scheme)) {
        throw new IllegalArgumentException("scheme must be postgresql://");
      }
      if (uri.getHost() == null) {
        throw new IllegalArgumentException("no host");
      }
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          "CRONWHEEL_DB_URL is not a PostgreSQL URI like postgresql://user:pass@host:5432/db ("
              + e.getMessage()
              + ")");
    }
    return Optional.of(url.trim());
  }

  private Optional<String> url(String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      URI uri = URI.create(value.trim());
      if (uri.getHost() == null
          || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
        throw new IllegalArgumentException("not an http(s) URL with a host");
      }
      return Optional.of(value.trim());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(name + " must be an http:// or https:// URL, got '" + value + "'");
    }
  }

  private boolean bool(String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return false;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default -> throw new ConfigException(name + " must be true or false, got '" + value + "'");
    };
  }

  private String string(String name, String fallback) {
    String value = env.get(name);
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  private int intValue(String name, int fallback, int min, int max) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed < min || parsed > max) {
        throw new ConfigException(
            name + " must be between " + min + " and " + max + ", got " + parsed);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new ConfigException(name + " must be an integer, got '" + value + "'");
    }
  }

  private static Duration positive(Duration value, String name) {
    if (value.isZero() || value.isNegative()) {
      throw new ConfigException(name + " must be more than 0, got " + value);
    }
    return value;
  }

  /**
   * {@code CRONWHEEL_JOB_MEMORY_BUDGET}: a share of the maximum heap ({@code 50%}) or a size
   * ({@code 300m}, {@code 2g}, {@code 65536}; k, m and g are powers of 1024).
   */
  long jobMemoryBudget(long maxHeapBytes) {
    String name = "CRONWHEEL_JOB_MEMORY_BUDGET";
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return maxHeapBytes / 100 * DEFAULT_JOB_MEMORY_BUDGET_PERCENT;
    }
    Matcher m = BYTES_OR_PERCENT.matcher(value.trim());
    if (!m.matches() || m.group(1).length() > 12) {
      throw new ConfigException(
          name
              + " must be a share of the heap like 50% or a size like 512m or 2g, got '"
              + value
              + "'");
    }
    long amount = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
    if (unit.equals("%")) {
      if (amount < 1 || amount > 90) {
        throw new ConfigException(name + " must be between 1% and 90% of the heap, got " + value);
      }
      return maxHeapBytes / 100 * amount;
    }
    long bytes =
        switch (unit.charAt(0)) {
          case 'k' -> amount << 10;
          case 'm' -> amount << 20;
          case 'g' -> amount << 30;
          default -> amount;
        };
    if (bytes < MIN_JOB_MEMORY_BUDGET) {
      throw new ConfigException(
          name + " must be at least " + MIN_JOB_MEMORY_BUDGET + " bytes, got " + value);
    }
    return bytes;
  }

  private static int powerOfTwo(String name, int value) {
    if (Integer.bitCount(value) != 1) {
      throw new ConfigException(name + " must be a power of two, got " + value);
    }
    return value;
  }

  /**
   * Accepts {@code 500ms}, {@code 2s}, {@code 1m}, {@code 1h}; a bare number means milliseconds.
   */
  private Duration duration(String name, Duration fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    Matcher m = DURATION.matcher(value.trim());
    if (!m.matches()) {
      throw new ConfigException(
          name + " must be a duration like 500ms, 2s, 1m, 1h or 7d, got '" + value + "'");
    }
    long amount = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "ms" : m.group(2);
    return switch (unit) {
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      case "d" -> Duration.ofDays(amount);
      default -> Duration.ofMillis(amount);
    };
  }
}
