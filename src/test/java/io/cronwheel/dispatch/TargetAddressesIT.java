package io.cronwheel.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronwheel.model.AddressRange;
import io.cronwheel.model.TargetPolicy;
import io.cronwheel.support.ManualClock;
import io.cronwheel.support.Waits;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The send-time verdicts on a real Vert.x context, with a scripted resolver and virtual time: a
 * name is resolved once per TTL, its vetted address is what a send connects to, and a name that
 * starts resolving to a denied address (DNS rebinding) is refused once its verdict is refreshed.
 */
class TargetAddressesIT {
  private final Vertx vertx = Vertx.vertx();
  private final Context context = vertx.getOrCreateContext();
  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final AtomicReference<String> answer = new AtomicReference<>("203.0.113.7");
  private final AtomicInteger lookups = new AtomicInteger();
  private final TargetAddresses targets =
      new TargetAddresses(
          vertx,
          host -> {
            lookups.incrementAndGet();
            if (answer.get() == null) {
              throw new UnknownHostException(host);
            }
            return List.of(AddressRange.literal(answer.get()));
          },
          TargetPolicy.DEFAULT,
          clock);

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  /** Runs {@code step} on the context the verdicts belong to. */
  private <T> T on(Callable<Future<T>> step) {
    return Future.<Future<T>>future(
            p ->
                context.runOnContext(
                    v -> {
                      try {
                        p.complete(step.call());
                      } catch (Exception e) {
                        p.fail(e);
                      }
                    }))
        .compose(f -> f)
        .await();
  }

  private TargetAddresses.Verdict verdict() {
    return on(
        () -> {
          TargetAddresses.Verdict known = targets.now("api.example:443", "api.example", 443);
          return known != null
              ? Future.succeededFuture(known)
              : targets.resolve("api.example:443", "api.example", 443);
        });
  }

  @Test
  void aNameIsResolvedOncePerTtlAndRebindingToADeniedAddressIsRefused() {
    TargetAddresses.Verdict first = verdict();
    assertThat(first.refusal()).isNull();
    assertThat(first.server().hostAddress()).isEqualTo("203.0.113.7");
    assertThat(first.server().port()).isEqualTo(443);
    for (int i = 0; i < 100; i++) {
      assertThat(verdict()).isSameAs(first);
    }
    assertThat(lookups.get()).as("one lookup for 101 sends").isEqualTo(1);

    answer.set("169.254.169.254");
    clock.advance(TargetAddresses.TTL.plusSeconds(1));
    assertThat(verdict())
        .as("a stale verdict still sends to the address vetted before, while it is refreshed")
        .isSameAs(first);
    Waits.until(
        () -> verdict().refusal() != null, Duration.ofSeconds(10), () -> "the refreshed verdict");
    assertThat(lookups.get()).as("one refresh, however many sends asked meanwhile").isEqualTo(2);
    TargetAddresses.Verdict rebound = verdict();
    assertThat(rebound.server()).isNull();
    assertThat(rebound.refusal())
        .isEqualTo(
            "api.example resolves to 169.254.169.254, in 169.254.0.0/16, which the target policy"
                + " denies (link-local, where cloud metadata lives)");
  }

  @Test
  void literalsAreDecidedWithoutALookup() {
    TargetAddresses.Verdict denied =
        on(
            () ->
                Future.succeededFuture(
                    targets.now("[::ffff:a9fe:a9fe]:80", "[::ffff:a9fe:a9fe]", 80)));
    assertThat(denied.refusal()).startsWith("169.254.169.254 is in 169.254.0.0/16");
    TargetAddresses.Verdict allowed =
        on(() -> Future.succeededFuture(targets.now("127.0.0.1:8080", "127.0.0.1", 8080)));
    assertThat(allowed.server().hostAddress()).isEqualTo("127.0.0.1");
    clock.advance(Duration.ofDays(1));
    on(() -> Future.succeededFuture(targets.now("127.0.0.1:8080", "127.0.0.1", 8080)));
    assertThat(lookups.get()).isZero();
  }

  @Test
  void anUnknownNameIsNotSentAndAskedAgainSoon() {
    answer.set(null);
    TargetAddresses.Verdict unknown = verdict();
    assertThat(unknown.server()).isNull();
    assertThat(unknown.refusal()).isNull();
    assertThat(unknown.unresolved()).startsWith("unknown host: api.example");
    answer.set("203.0.113.8");
    clock.advance(TargetAddresses.UNRESOLVED_TTL.plusSeconds(1));
    Waits.until(
        () -> verdict().server() != null, Duration.ofSeconds(10), () -> "the refreshed verdict");
    assertThat(verdict().server().hostAddress()).isEqualTo("203.0.113.8");
  }
}
