package io.cronwheel.dispatch;

import java.time.Duration;

/**
 * How a partition's HTTP client connects to targets (the defaults are in {@code CronwheelConfig}).
 *
 * @param poolSize keep-alive connections per target host, per partition
 * @param pipeliningLimit requests sent ahead on one keep-alive connection; 1 turns HTTP pipelining
 *     off
 * @param connectTimeout how long opening one connection may take
 */
public record DispatchSettings(int poolSize, int pipeliningLimit, Duration connectTimeout) {
  /** Not configurable yet: a target that takes longer to accept a connection is as good as down. */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
}
