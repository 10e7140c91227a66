package io.cronwheel.dispatch;

import io.cronwheel.model.AddressRange;
import io.cronwheel.model.TargetPolicy;
import io.cronwheel.time.Clock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a target host may be reached, decided by the {@link TargetPolicy} after resolving it: the
 * caller connects to the vetted address itself (keeping the URL's host for the {@code Host} header,
 * TLS SNI and certificate checks), so DNS that changes between the check and the connect (DNS
 * rebinding) cannot send a request elsewhere.
 *
 * <p>Cost: an IP literal, or a name the policy decides alone, is decided once. A name is resolved
 * (on a worker thread) at most every {@link #TTL} per host and port; between resolutions each send
 * costs one map lookup. When a verdict grows stale it is still used while one resolution refreshes
 * it (never a wait at the top of every {@link #TTL}); only the first send to a host waits.
 *
 * <p>Not thread-safe: one per sender, used on its event loop (the futures complete there).
 */
public final class TargetAddresses {
  static final Duration TTL = Duration.ofSeconds(30);

  /** A name that does not resolve is tried again this soon. */
  static final Duration UNRESOLVED_TTL = Duration.ofSeconds(5);

  static final int MAX_CACHED = 100_000;
  private static final long NEVER = Long.MAX_VALUE;

  /**
   * The decision on one {@code host:port}: an address to connect to, a refusal, or neither (the
   * name did not resolve).
   */
  public record Verdict(
      SocketAddress server, String refusal, String unresolved, long expiresNanos) {
    boolean stale(long nowNanos) {
      return expiresNanos != NEVER && nowNanos - expiresNanos >= 0;
    }
  }

  /** How a name becomes addresses; blocking, so it runs on a worker thread. */
  @FunctionalInterface
  interface Resolver {
    List<InetAddress> resolve(String host) throws UnknownHostException;
  }

  private final Vertx vertx;
  private final Resolver resolver;
  private final TargetPolicy policy;
  private final Clock clock;
  private final Map<String, Verdict> verdicts = new HashMap<>();
  private final Map<String, Future<Verdict>> resolving = new HashMap<>();

  public TargetAddresses(Vertx vertx, TargetPolicy policy, Clock clock) {
    this(vertx, host -> List.of(InetAddress.getAllByName(host)), policy, clock);
  }

  TargetAddresses(Vertx vertx, Resolver resolver, TargetPolicy policy, Clock clock) {
    this.vertx = vertx;
    this.resolver = resolver;
    this.policy = policy;
    this.clock = clock;
  }

  /**
   * The verdict on {@code host:port} ({@code key}) if it is known without waiting (a stale one
   * starts a refresh), else null: then {@link #resolve} it.
   */
  public Verdict now(String key, String host, int port) {
    Verdict known = verdicts.get(key);
    if (known != null) {
      if (known.stale(clock.nanoTime())) {
        resolve(key, host, port);
      }
      return known;
    }
    Verdict decided = decidedWithoutLookup(host, port);
    if (decided != null) {
      remember(key, decided);
    }
    return decided;
  }

  /** IP literals, and names refused by name: decided for good. */
  private Verdict decidedWithoutLookup(String host, int port) {
    InetAddress literal = AddressRange.literal(host);
    if (literal != null) {
      String refusal = policy.refusal(literal);
      return new Verdict(refusal == null ? socket(literal, port) : null, refusal, null, NEVER);
    }
    if (policy.byName(host) == TargetPolicy.ByName.REFUSED) {
      return new Verdict(null, policy.refusal(host), null, NEVER);
    }
    return null;
  }

  /** Resolves and decides {@code host:port}; one resolution at a time per key. */
  public Future<Verdict> resolve(String key, String host, int port) {
    Future<Verdict> running = resolving.get(key);
    if (running != null) {
      return running;
    }
    Future<Verdict> resolved =
        vertx
            .executeBlocking(() -> resolver.resolve(host), false)
            .transform(
                ar -> {
                  resolving.remove(key);
                  Verdict verdict =
                      ar.succeeded() ? vetted(host, port, ar.result()) : unresolved(ar.cause());
                  remember(key, verdict);
                  return Future.succeededFuture(verdict);
                });
    if (!resolved.isComplete()) {
      resolving.put(key, resolved);
    }
    return resolved;
  }

  private Verdict vetted(String host, int port, List<InetAddress> addresses) {
    long expires = clock.nanoTime() + TTL.toNanos();
    String refusal = policy.refusal(host, addresses);
    if (refusal != null) {
      return new Verdict(null, refusal, null, expires);
    }
    return new Verdict(socket(addresses.get(0), port), null, null, expires);
  }

  private Verdict unresolved(Throwable cause) {
    String reason =
        cause instanceof UnknownHostException
            ? "unknown host: " + cause.getMessage()
            : "cannot resolve: " + cause;
    return new Verdict(null, null, reason, clock.nanoTime() + UNRESOLVED_TTL.toNanos());
  }

  private void remember(String key, Verdict verdict) {
    if (verdicts.size() >= MAX_CACHED) {
      verdicts.clear();
    }
    verdicts.put(key, verdict);
  }

  private static SocketAddress socket(InetAddress address, int port) {
    return SocketAddress.inetSocketAddress(new InetSocketAddress(address, port));
  }
}
