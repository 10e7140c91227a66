package io.cronwheel.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronwheel.metrics.EngineEvents;
import io.cronwheel.support.ManualClock;
import io.cronwheel.support.ManualTimers;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Alert delivery in virtual time, against the table's claim rules in memory and a scripted webhook:
 * the window, the backoff, the delivery cap, and two engines sharing one table.
 */
class AlertDeliveryTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration CAP = Duration.ofMinutes(10);

  private final ManualClock clock = new ManualClock(START);
  private final ManualTimers timers = new ManualTimers(clock);
  private final InMemoryAlertStore table = new InMemoryAlertStore();
  private final ScriptedWebhook webhook = new ScriptedWebhook();
  private final AtomicInteger delivered = new AtomicInteger();
  private final AtomicInteger failedAttempts = new AtomicInteger();
  private final AtomicInteger undeliverable = new AtomicInteger();
  private final EngineEvents events =
      new EngineEvents() {
        @Override
        public void alertDelivered() {
          delivered.incrementAndGet();
        }

        @Override
        public void alertAttemptFailed() {
          failedAttempts.incrementAndGet();
        }

        @Override
        public void alertUndeliverable() {
          undeliverable.incrementAndGet();
        }

        @Override
        public void unexpected(String where, Throwable error) {
          throw new AssertionError("unexpected error in " + where, error);
        }
      };

  /** A webhook that answers each POST as told, after {@code answerAfterMillis} of virtual time. */
  private final class ScriptedWebhook implements AlertTransport {
    record Post(UUID alertId, long atMillis) {}

    final List<Post> posts = new ArrayList<>();
    final Set<UUID> open = new HashSet<>();
    final List<Runnable> held = new ArrayList<>();
    int maxOpen;
    boolean sameAlertTwiceAtOnce;
    long answerAfterMillis = 10;
    // The status for the n-th post of an alert (1-based), or null to hold the answer.
    Function<Integer, Integer> answer = n -> 200;

    @Override
    public Future<Integer> post(String url, UUID alertId, JsonObject body) {
      assertThat(body.getString("alertId")).isEqualTo(alertId.toString());
      if (!open.add(alertId)) {
        sameAlertTwiceAtOnce = true;
      }
      maxOpen = Math.max(maxOpen, open.size());
      posts.add(new Post(alertId, clock.epochMillis() - START.toEpochMilli()));
      Integer status = answer.apply(postsOf(alertId));
      Promise<Integer> reply = Promise.promise();
      Runnable finish =
          () -> {
            open.remove(alertId);
            reply.complete(status == null ? 200 : status);
          };
      if (status == null) {
        held.add(finish);
      } else {
        timers.schedule(answerAfterMillis, finish);
      }
      return reply.future();
    }

    int postsOf(UUID alertId) {
      return (int) posts.stream().filter(p -> p.alertId().equals(alertId)).count();
    }

    void answerHeld() {
      List<Runnable> now = new ArrayList<>(held);
      held.clear();
      now.forEach(Runnable::run);
    }
  }

  private AlertDelivery delivery(String node, AlertTransport transport) {
    return delivery(node, transport, timers);
  }

  private AlertDelivery delivery(String node, AlertTransport transport, ManualTimers loop) {
    AlertDelivery delivery =
        new AlertDelivery(
            table.node(node),
            new AlertSettings(
                Duration.ofMinutes(1),
                CAP,
                16,
                1000,
                Duration.ofSeconds(1),
                Duration.ofSeconds(60)),
            clock,
            events,
            () -> 1.0);
    delivery.start(loop, transport);
    return delivery;
  }

  private List<InMemoryAlertStore.Row> pending(int count) {
    List<InMemoryAlertStore.Row> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      rows.add(table.add(UUID.randomUUID(), clock.epochMillis()));
    }
    return rows;
  }

  @Test
  void window_boundsTheAlertsInFlightWhateverTheWebhookDoes() {
    pending(100);
    webhook.answer = n -> null;
    AlertDelivery delivery = delivery("a", webhook);
    timers.advance(Duration.ofSeconds(5));
    assertThat(webhook.posts).hasSize(16);
    assertThat(delivery.inFlight()).isEqualTo(16);

    webhook.answer = n -> 200;
    webhook.answerHeld();
    timers.advance(Duration.ofSeconds(1));
    assertThat(table.count("DELIVERED")).isEqualTo(100);
    assertThat(webhook.maxOpen).isEqualTo(16);
    assertThat(delivered.get()).isEqualTo(100);
    assertThat(delivery.inFlight()).isZero();
  }

  @Test
  void failedAttempt_isTriedAgainAfterAnExponentialBackoffUntilDelivered() {
    InMemoryAlertStore.Row row = pending(1).get(0);
    webhook.answerAfterMillis = 1;
    webhook.answer = n -> n <= 3 ? 503 : 200;
    delivery("a", webhook);
    timers.advance(Duration.ofSeconds(30));

    // Jitter pinned at its ceiling: due 1 s, then 2 s, then 4 s after each failure (which came 1 ms
    // after its post), each taken up by the next poll, once a second.
    assertThat(webhook.posts)
        .extracting(ScriptedWebhook.Post::atMillis)
        .containsExactly(0L, 2000L, 5000L, 10_000L);
    assertThat(row.status).isEqualTo("DELIVERED");
    assertThat(row.attempts).isEqualTo(4);
    assertThat(failedAttempts.get()).isEqualTo(3);
    assertThat(delivered.get()).isEqualTo(1);
  }

  @Test
  void deliveryCap_endsTheRetriesAndMarksTheAlertUndeliverable() {
    InMemoryAlertStore.Row row = pending(1).get(0);
    webhook.answer = n -> 503;
    delivery("a", webhook);
    timers.advance(CAP.plusMinutes(5));
    int posts = webhook.posts.size();
    timers.advance(Duration.ofHours(2));

    assertThat(row.status).isEqualTo("UNDELIVERABLE");
    assertThat(row.lastError).isEqualTo("HTTP 503");
    assertThat(webhook.posts).hasSize(posts);
    assertThat(webhook.posts.get(posts - 1).atMillis())
        .as("the last attempt is made at the cap")
        .isBetween(CAP.toMillis(), CAP.toMillis() + 1000);
    assertThat(undeliverable.get()).isEqualTo(1);
  }

  @Test
  void refusedWebhook_isUndeliverableAtOnceWithTheReason() {
    InMemoryAlertStore.Row row = pending(1).get(0);
    List<UUID> tried = new ArrayList<>();
    AlertTransport refusing =
        (url, alertId, body) -> {
          tried.add(alertId);
          return Future.failedFuture(
              new WebhookRefused("webhook refused by policy: 169.254.169.254 is in ..."));
        };
    delivery("a", refusing);
    timers.advance(Duration.ofMinutes(30));

    assertThat(row.status).isEqualTo("UNDELIVERABLE");
    assertThat(row.lastError).startsWith("webhook refused by policy: ");
    assertThat(tried).as("never tried again").hasSize(1);
    assertThat(undeliverable.get()).isEqualTo(1);
  }

  @Test
  void twoEnginesOnOneTable_neverSendTheSameAlertAtOnce() {
    pending(200);
    webhook.answerAfterMillis = 700;
    webhook.answer = n -> n <= 2 ? 503 : 200;
    delivery("a", webhook);
    delivery("b", webhook);
    timers.advance(Duration.ofMinutes(5));

    assertThat(webhook.sameAlertTwiceAtOnce).isFalse();
    assertThat(table.count("DELIVERED")).isEqualTo(200);
    assertThat(webhook.posts).as("each alert posted three times, no more").hasSize(600);
    assertThat(webhook.maxOpen).isLessThanOrEqualTo(32);
  }

  @Test
  void alertsOfAnEngineThatStoppedAnswering_areSentByAnotherOnceTheLeaseRunsOut() {
    List<InMemoryAlertStore.Row> rows = pending(3);
    ScriptedWebhook stuck = new ScriptedWebhook();
    stuck.answer = n -> null;
    // Engine a claims, sends, and then its loop stands still (its timers never run).
    delivery("a", stuck, new ManualTimers(clock));
    timers.advance(Duration.ofSeconds(1));
    assertThat(stuck.posts).hasSize(3);

    delivery("b", webhook);
    timers.advance(Duration.ofSeconds(58));
    assertThat(webhook.posts).as("leased to a").isEmpty();
    timers.advance(Duration.ofSeconds(2));
    assertThat(webhook.posts).hasSize(3);
    assertThat(rows).extracting(r -> r.status).containsOnly("DELIVERED");

    stuck.answerHeld();
    assertThat(delivered.get())
        .as("a's late answers do not overwrite b's outcome, though they count as its own")
        .isEqualTo(6);
    assertThat(rows).extracting(r -> r.status).containsOnly("DELIVERED");
  }

  @Test
  void claimReturningAnAlertStillBeingSent_doesNotSendItTwiceAtOnce() {
    pending(2);
    webhook.answer = n -> null;
    delivery("a", webhook);
    timers.advance(Duration.ofSeconds(61));
    assertThat(webhook.posts).as("the leases ran out and a claimed them again").hasSize(2);
    assertThat(webhook.sameAlertTwiceAtOnce).isFalse();
  }

  @Test
  void tableOutage_postsNothingAndClaimsAgainAtTheNextPoll() {
    pending(5);
    table.failing = true;
    delivery("a", webhook);
    timers.advance(Duration.ofSeconds(10));
    assertThat(webhook.posts).isEmpty();

    table.failing = false;
    timers.advance(Duration.ofMillis(1100));
    assertThat(table.count("DELIVERED")).isEqualTo(5);
  }

  @Test
  void stop_claimsNoMoreAndCompletesOnceTheAlertsInFlightAreSettled() {
    pending(40);
    webhook.answer = n -> null;
    AlertDelivery delivery = delivery("a", webhook);
    timers.advance(Duration.ofMillis(10));
    Future<Void> stopped = delivery.stop();
    assertThat(stopped.isComplete()).isFalse();

    webhook.answer = n -> 200;
    webhook.answerHeld();
    timers.advance(Duration.ofSeconds(10));
    assertThat(stopped.succeeded()).isTrue();
    assertThat(table.count("DELIVERED")).isEqualTo(16);
    assertThat(webhook.posts).hasSize(16);
  }
}
