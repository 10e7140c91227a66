package io.cronwheel.dispatch;

import static io.cronwheel.model.ExecutionType.AT_LEAST_ONCE;
import static io.cronwheel.model.ExecutionType.AT_MOST_ONCE;
import static org.assertj.core.api.Assertions.assertThat;

import io.cronwheel.metrics.EngineEvents;
import io.cronwheel.model.Execution;
import io.cronwheel.model.ExecutionStatus;
import io.cronwheel.model.ExecutionType;
import io.cronwheel.model.Fire;
import io.cronwheel.model.Job;
import io.cronwheel.model.JobSpec;
import io.cronwheel.model.RetryPolicy;
import io.cronwheel.model.Target;
import io.cronwheel.model.Trigger;
import io.cronwheel.support.Jobs;
import io.cronwheel.support.ManualClock;
import io.cronwheel.support.ManualTimers;
import io.cronwheel.time.UuidV7;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The dispatcher in virtual time: a {@link ManualClock}, {@link ManualTimers} that run only when
 * advanced, and a transport whose every attempt the test answers by hand. Nothing sleeps.
 */
class HttpDispatcherTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final int PARTITION = 7;
  private static final String URL = "http://127.0.0.1:1/hook";
  private static final String OTHER_URL = "http://other.example:8080/hook";
  private static final RetryPolicy ONE_ATTEMPT =
      new RetryPolicy(
          1,
          RetryPolicy.DEFAULT_INITIAL_DELAY,
          RetryPolicy.DEFAULT_MAX_DELAY,
          RetryPolicy.DEFAULT_MULTIPLIER);

  /**
   * Small numbers, so a test opens a circuit with a few calls; the open duration as in production.
   */
  private static final BreakerSettings BREAKER =
      new BreakerSettings(50, 4, Duration.ofSeconds(10), Duration.ofSeconds(30), 1);

  private static final Duration OPEN = BREAKER.openDuration();
  private static final Duration PERMIT_WAIT = Duration.ofSeconds(5);
  private static final DispatchSettings SETTINGS =
      new DispatchSettings(64, 1, Duration.ofSeconds(5), 4, PERMIT_WAIT, Duration.ofMinutes(10));

  private record Completed(Fire fire, Execution execution) {}

  /** One attempt handed to the transport, and the promise the test answers it through. */
  private record Sent(Fire fire, int attempt, long atNanos, Promise<Outcome> reply) {
    void answer(Outcome outcome) {
      reply.complete(outcome);
    }
  }

  private final class ScriptedTransport implements FireTransport {
    final List<Sent> sent = new ArrayList<>();
    boolean closed;

    @Override
    public Future<Outcome> send(Fire fire, int attempt) {
      Promise<Outcome> reply = Promise.promise();
      sent.add(new Sent(fire, attempt, clock.nanoTime(), reply));
      return reply.future();
    }

    @Override
    public Future<Void> close() {
      closed = true;
      return Future.succeededFuture();
    }

    Sent last() {
      return sent.get(sent.size() - 1);
    }
  }

  private static final class CountingEvents implements EngineEvents {
    final List<Long> firedDrifts = new ArrayList<>();
    final List<Integer> firedPartitions = new ArrayList<>();
    final List<Throwable> unexpected = new ArrayList<>();
    int inFlight;

    @Override
    public void fired(int partition, Fire fire, long driftMs) {
      firedPartitions.add(partition);
      firedDrifts.add(driftMs);
    }

    @Override
    public void inFlightChanged(int delta) {
      inFlight += delta;
    }

    @Override
    public void unexpected(String where, Throwable error) {
      unexpected.add(error);
    }
  }

  private final ManualClock clock = new ManualClock(START);
  private final ManualTimers timers = new ManualTimers(clock);
  private final CountingEvents events = new CountingEvents();
  private final ScriptedTransport transport = new ScriptedTransport();
  private final List<Completed> completed = new ArrayList<>();
  private final Hosts hosts = new Hosts(BREAKER, clock);
  private final ConcurrencyLimiter limiter =
      new ConcurrencyLimiter(
          ConcurrencyLimiter.DEFAULT_GLOBAL_LIMIT, ConcurrencyLimiter.DEFAULT_PER_HOST_LIMIT);
  private final HttpDispatcher dispatcher = dispatcher(limiter, transport);

  private HttpDispatcher dispatcher(ConcurrencyLimiter permits, FireTransport over) {
    return new HttpDispatcher(
        PARTITION,
        over,
        new DispatchEnvironment(
            clock, SETTINGS, permits, hosts, new FailureLog(), events, TargetSecurity.DEFAULT),
        timers,
        (fire, execution) -> completed.add(new Completed(fire, execution)));
  }

  @AfterEach
  void nothingUnexpected() {
    assertThat(events.unexpected).isEmpty();
  }

  private static Job job(ExecutionType type, String url, RetryPolicy retry) {
    Job base = Jobs.job("* * * * * *", type);
    JobSpec spec = base.spec();
    return Jobs.with(
        base,
        new JobSpec(
            spec.name(),
            spec.schedule(),
            spec.timezone(),
            spec.executionType(),
            new Target(url, "POST", null, null),
            spec.timeout(),
            retry,
            spec.misfirePolicy(),
            spec.catchUpWindow(),
            spec.overlapPolicy(),
            spec.alertWebhook()));
  }

  /** A scheduled fire for the current whole second. */
  private Fire fire(Job job) {
    long second = Math.floorDiv(clock.epochMillis(), 1000) * 1000;
    return new Fire(UuidV7.next(second), job, second, Trigger.SCHEDULED);
  }

  private Execution onlyExecution() {
    assertThat(completed).hasSize(1);
    return completed.get(0).execution();
  }

  private void advanceMillis(long millis) {
    timers.advance(Duration.ofMillis(millis));
  }

  private static String httpDate(long epochMillis) {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(
        ZonedDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC));
  }

  /** Fails as many single-attempt fires to {@code url} as the breaker's minimum number of calls. */
  private void openCircuit(String url) {
    Job failing = job(AT_LEAST_ONCE, url, ONE_ATTEMPT);
    for (int i = 0; i < BREAKER.minimumCalls(); i++) {
      dispatcher.fire(fire(failing));
      transport.last().answer(Outcome.ofStatus(500));
    }
    completed.clear();
  }

  @Test
  void fire_succeedsOnTheFirstAttemptWithDriftAndDurationFromTheClock() {
    Fire fire = fire(Jobs.job("* * * * * *", AT_LEAST_ONCE));
    advanceMillis(37);

    dispatcher.fire(fire);

    assertThat(transport.sent).hasSize(1);
    assertThat(transport.last().fire()).isSameAs(fire);
    assertThat(transport.last().attempt()).isEqualTo(1);
    assertThat(completed).isEmpty();
    assertThat(dispatcher.inFlight()).isEqualTo(1);
    assertThat(limiter.inFlight()).isEqualTo(1);
    assertThat(events.firedDrifts).containsExactly(37L);
    assertThat(events.firedPartitions).containsExactly(PARTITION);

    advanceMillis(250);
    transport.last().answer(Outcome.ofStatus(204));

    Execution execution = onlyExecution();
    assertThat(completed.get(0).fire()).isSameAs(fire);
    assertThat(execution.id()).isEqualTo(fire.executionId());
    assertThat(execution.jobId()).isEqualTo(fire.job().id());
    assertThat(execution.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(execution.attempts()).isEqualTo(1);
    assertThat(execution.httpStatus()).isEqualTo(204);
    assertThat(execution.scheduledAt()).isEqualTo(START);
    assertThat(execution.firedAt()).isEqualTo(START.plusMillis(37));
    assertThat(execution.driftMs()).isEqualTo(37);
    assertThat(execution.durationMs()).isEqualTo(250);
    assertThat(execution.error()).isNull();
    assertThat(execution.trigger()).isEqualTo(Trigger.SCHEDULED);
    assertThat(dispatcher.inFlight()).isZero();
    assertThat(limiter.inFlight()).isZero();
    assertThat(events.inFlight).isZero();
    assertThat(timers.scheduled()).isZero();
  }

  @Test
  void fire_retriesAtLeastOnce5xxWithBackoffUntilMaxAttemptsThenFails() {
    Job job = Jobs.job("* * * * * *", AT_LEAST_ONCE);
    RetryPolicy policy = job.retry();
    Fire fire = fire(job);

    dispatcher.fire(fire);
    long answeredAtNanos = 0;
    for (int attempt = 1; attempt <= policy.maxAttempts(); attempt++) {
      assertThat(transport.sent).hasSize(attempt);
      Sent sent = transport.last();
      assertThat(sent.fire()).isSameAs(fire);
      assertThat(sent.attempt()).isEqualTo(attempt);
      if (attempt > 1) {
        long waitedNanos = sent.atNanos() - answeredAtNanos; // the jittered backoff
        assertThat(waitedNanos)
            .isBetween(1_000_000L, Backoff.ceilingMillis(policy, attempt - 1) * 1_000_000);
      }
      answeredAtNanos = clock.nanoTime();
      sent.answer(Outcome.ofStatus(500));
      if (attempt < policy.maxAttempts()) {
        assertThat(completed).isEmpty();
        assertThat(transport.sent).hasSize(attempt); // no retry before the backoff
        assertThat(timers.scheduled()).isEqualTo(1);
        assertThat(dispatcher.inFlight()).isEqualTo(1);
        assertThat(limiter.inFlight()).isZero(); // no permit held while waiting
        advanceMillis(Backoff.ceilingMillis(policy, attempt));
      }
    }

    Execution execution = onlyExecution();
    assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(execution.attempts()).isEqualTo(policy.maxAttempts());
    assertThat(execution.httpStatus()).isEqualTo(500);
    assertThat(execution.error()).isEqualTo("HTTP 500");
    assertThat(execution.firedAt()).isEqualTo(START);
    assertThat(execution.durationMs()).isEqualTo(answeredAtNanos / 1_000_000); // first left at 0
    assertThat(events.firedDrifts).hasSize(1); // "fired" is the first attempt only
    assertThat(timers.scheduled()).isZero();
    advanceMillis(Duration.ofHours(1).toMillis());
    assertThat(transport.sent).hasSize(policy.maxAttempts());
    assertThat(dispatcher.inFlight()).isZero();
  }

  @Test
  void fire_retriesAtLeastOnceAndSucceedsOnALaterAttempt() {
    dispatcher.fire(fire(Jobs.job("* * * * * *", AT_LEAST_ONCE)));
    transport.last().answer(Outcome.ofError(new TimeoutException("no answer")));
    advanceMillis(Backoff.ceilingMillis(RetryPolicy.DEFAULT, 1));
    transport.last().answer(Outcome.ofStatus(200));

    Execution execution = onlyExecution();
    assertThat(execution.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(execution.attempts()).isEqualTo(2);
    assertThat(execution.httpStatus()).isEqualTo(200);
    assertThat(execution.error()).isNull();
  }

  @Test
  void fire_doesNotRetryA4xx() {
    dispatcher.fire(fire(Jobs.job("* * * * * *", AT_LEAST_ONCE)));
    transport.last().answer(Outcome.ofStatus(404));

    Execution execution = onlyExecution();
    assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(execution.attempts()).isEqualTo(1);
    assertThat(execution.httpStatus()).isEqualTo(404);
    assertThat(timers.scheduled()).isZero();
  }

  static Stream<Outcome> mayHaveBeenSent() {
    return Stream.of(
        Outcome.ofStatus(500),
        Outcome.ofStatus(503),
        Outcome.ofStatus(429),
        Outcome.ofError(new TimeoutException("no answer")),
        Outcome.ofError(new IOException("connection reset")));
  }

  @ParameterizedTest
  @MethodSource("mayHaveBeenSent")
  void fire_doesNotRetryAtMostOnceOnceTheRequestMayHaveLeft(Outcome outcome) {
    dispatcher.fire(fire(Jobs.job("* * * * * *", AT_MOST_ONCE)));
    transport.last().answer(outcome);

    Execution execution = onlyExecution();
    assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(execution.attempts()).isEqualTo(1);
    assertThat(execution.error()).isEqualTo(outcome.failure());
    assertThat(timers.scheduled()).isZero();
    advanceMillis(Duration.ofHours(1).toMillis());
    assertThat(transport.sent).hasSize(1);
    assertThat(dispatcher.inFlight()).isZero();
  }

  @Test
  void fire_retriesAtMostOnceAfterARefusedConnection() {
    dispatcher.fire(fire(Jobs.job("* * * * * *", AT_MOST_ONCE)));
    transport.last().answer(Outcome.ofError(new ConnectException("refused")));

    assertThat(completed).isEmpty();
    assertThat(transport.sent).hasSize(1);
    advanceMillis(Backoff.ceilingMillis(RetryPolicy.DEFAULT, 1));
    assertThat(transport.sent).hasSize(2);
    assertThat(transport.last().attempt()).isEqualTo(2);
    transport.last().answer(Outcome.ofStatus(200));

    Execution execution = onlyExecution();
    assertThat(execution.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(execution.attempts()).isEqualTo(2);
  }

  @Test
  void fire_stopsRetryingAtMostOnceOnceARetryMayHaveLeft() {
    dispatcher.fire(fire(Jobs.job("* * * * * *", AT_MOST_ONCE)));
    transport.last().answer(Outcome.ofError(new ConnectException("refused")));
    advanceMillis(Backoff.ceilingMillis(RetryPolicy.DEFAULT, 1));
    transport.last().answer(Outcome.ofStatus(502));

    Execution execution = onlyExecution();
    assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(execution.attempts()).isEqualTo(2);
    assertThat(execution.httpStatus()).isEqualTo(502);
    assertThat(timers.scheduled()).isZero();
  }

  @Test
  void fire_treatsAFailedTransportFutureAsAnErrorOutcome() {
    dispatcher.fire(fire(Jobs.job("* * * * * *", AT_MOST_ONCE)));
    transport.last().reply().fail(new ConnectException("refused"));

    assertThat(completed).isEmpty();
    advanceMillis(Backoff.ceilingMillis(RetryPolicy.DEFAULT, 1));
    assertThat(transport.sent).hasSize(2);
    transport.last().reply().fail(new TimeoutException("no answer"));

    Execution execution = onlyExecution();
    assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(execution.error()).startsWith("timeout");
    assertThat(limiter.inFlight()).isZero();
  }

  @Test
  void fire_waitsForRetryAfterSecondsOn429InsteadOfTheBackoff() {
    dispatcher.fire(fire(Jobs.job("* * * * * *", AT_LEAST_ONCE)));
    transport.last().answer(Outcome.ofStatus(429, "5", clock.epochMillis()));

    advanceMillis(4_999);
    assertThat(transport.sent).hasSize(1);
    advanceMillis(1);
    assertThat(transport.sent).hasSize(2);
    assertThat(transport.last().attempt()).isEqualTo(2);
    assertThat(transport.last().atNanos() - transport.sent.get(0).atNanos())
        .isEqualTo(5_000_000_000L);
  }

  @Test
  void fire_waitsForARetryAfterHttpDateOn503() {
    dispatcher.fire(fire(Jobs.job("* * * * * *", AT_LEAST_ONCE)));
    long now = clock.epochMillis();
    transport.last().answer(Outcome.ofStatus(503, httpDate(now + 3_000), now));

    advanceMillis(2_999);
    assertThat(transport.sent).hasSize(1);
    advanceMillis(1);
    assertThat(transport.sent).hasSize(2);
  }

  @Test
  void fire_with429sDoesNotOpenTheCircuit() {
    Job paced = job(AT_LEAST_ONCE, URL, ONE_ATTEMPT);
    for (int i = 0; i < 2 * BREAKER.minimumCalls(); i++) {
      dispatcher.fire(fire(paced));
      transport.last().answer(Outcome.ofStatus(429));
    }

    dispatcher.fire(fire(paced));

    assertThat(transport.sent).hasSize(2 * BREAKER.minimumCalls() + 1);
  }

  @Test
  void fire_atLeastOnceRefusedByAnOpenCircuitWaitsForTheTrialAndOtherHostsStillGo() {
    openCircuit(URL);
    int sentBefore = transport.sent.size();
    Fire blocked = fire(job(AT_LEAST_ONCE, URL, RetryPolicy.DEFAULT));
    dispatcher.fire(blocked);

    assertThat(transport.sent).as("not sent while the circuit is open").hasSize(sentBefore);
    assertThat(completed).as("and not failed either: it waits for the trial").isEmpty();
    assertThat(dispatcher.inFlight()).isEqualTo(1);

    Fire elsewhere = fire(job(AT_LEAST_ONCE, OTHER_URL, RetryPolicy.DEFAULT));
    dispatcher.fire(elsewhere);
    assertThat(transport.last().fire()).isSameAs(elsewhere);
    transport.last().answer(Outcome.ofStatus(200));
    completed.clear();

    advanceMillis(OPEN.toMillis() - 1);
    assertThat(transport.sent).hasSize(sentBefore + 1);
    advanceMillis(Backoff.ceilingMillis(RetryPolicy.DEFAULT, 1) + 1);
    assertThat(transport.last().fire()).as("the waiting attempt is the trial").isSameAs(blocked);
    transport.last().answer(Outcome.ofStatus(200));
    Execution execution = onlyExecution();
    assertThat(execution.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(execution.attempts()).as("attempts counts requests sent").isEqualTo(1);
  }

  @Test
  void fire_atMostOnceRefusedByAnOpenCircuitIsSkippedNotFailed() {
    openCircuit(URL);
    int sentBefore = transport.sent.size();
    Fire blocked = fire(job(AT_MOST_ONCE, URL, RetryPolicy.DEFAULT));
    dispatcher.fire(blocked);

    assertThat(transport.sent).hasSize(sentBefore);
    Execution execution = onlyExecution();
    assertThat(execution.id()).isEqualTo(blocked.executionId());
    assertThat(execution.status()).isEqualTo(ExecutionStatus.SKIPPED);
    assertThat(execution.attempts()).isZero();
    assertThat(execution.firedAt()).isNull();
    assertThat(execution.error()).contains("circuit open").contains("not sent");
    assertThat(dispatcher.inFlight()).isZero();
    assertThat(events.inFlight).isZero();
  }

  @Test
  void fire_atLeastOnceFailsOnlyOnceItsAttemptsAreSpentWaitingForAnOpenCircuit() {
    openCircuit(URL);
    hosts.get("127.0.0.1:1"); // the same host the failing fires used
    Fire blocked = fire(job(AT_LEAST_ONCE, URL, RetryPolicy.DEFAULT));
    dispatcher.fire(blocked);
    int sent = transport.sent.size();
    // Each trial fails, so the circuit opens again; the third refusal spends the last attempt.
    for (int round = 0; round < 5 && completed.isEmpty(); round++) {
      advanceMillis(OPEN.toMillis() + Backoff.ceilingMillis(RetryPolicy.DEFAULT, 3));
      while (transport.sent.size() > sent) {
        transport.sent.get(sent++).answer(Outcome.ofStatus(500));
      }
    }
    Execution execution = onlyExecution();
    assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(execution.attempts() + 0).isLessThanOrEqualTo(RetryPolicy.DEFAULT.maxAttempts());
    assertThat(dispatcher.inFlight()).isZero();
  }

  @Test
  void fire_aFewFailuresAmongManySuccessesDoNotOpenTheCircuit() {
    Job job = job(AT_LEAST_ONCE, URL, ONE_ATTEMPT);
    for (int i = 0; i < 100; i++) {
      dispatcher.fire(fire(job));
      transport.last().answer(i % 10 == 0 ? Outcome.ofStatus(503) : Outcome.ofStatus(200));
    }

    dispatcher.fire(fire(job));
    assertThat(transport.sent).hasSize(101);
  }

  @Test
  void fire_sendsOneHalfOpenTrialAfterTheOpenDurationAndItsSuccessClosesTheCircuit() {
    openCircuit(URL);
    Job job = job(AT_LEAST_ONCE, URL, ONE_ATTEMPT);
    int sent = transport.sent.size();

    advanceMillis(OPEN.toMillis() - 1);
    dispatcher.fire(fire(job));
    assertThat(transport.sent).hasSize(sent);

    advanceMillis(2); // resilience4j lets the trial through once the open duration is past
    dispatcher.fire(fire(job)); // the trial
    assertThat(transport.sent).hasSize(sent + 1);
    Sent trial = transport.last();
    dispatcher.fire(fire(job)); // a second request while the trial is out
    assertThat(transport.sent).hasSize(sent + 1);

    trial.answer(Outcome.ofStatus(200));
    dispatcher.fire(fire(job));
    dispatcher.fire(fire(job));
    assertThat(transport.sent).hasSize(sent + 3);
    assertThat(completed)
        .extracting(c -> c.execution().status())
        .containsExactly(ExecutionStatus.FAILED, ExecutionStatus.FAILED, ExecutionStatus.SUCCEEDED);
  }

  @Test
  void fire_reopensTheCircuitForAFreshOpenDurationWhenTheTrialFails() {
    openCircuit(URL);
    Job job = job(AT_LEAST_ONCE, URL, ONE_ATTEMPT);
    advanceMillis(OPEN.toMillis() + 5_000);
    dispatcher.fire(fire(job));
    int sent = transport.sent.size();
    transport.last().answer(Outcome.ofError(new TimeoutException("still dead")));

    advanceMillis(OPEN.toMillis() - 1);
    dispatcher.fire(fire(job));
    assertThat(transport.sent).hasSize(sent);
    advanceMillis(2);
    dispatcher.fire(fire(job));
    assertThat(transport.sent).hasSize(sent + 1);
  }

  /**
   * A 429 (or 408) neither counts against the host nor closes its circuit. When it answers the
   * half-open trial, the trial must still end: the host has to get another trial later.
   */
  @Test
  void fire_sendsAnotherTrialLaterWhenTheTrialIsAnswered429() {
    openCircuit(URL);
    Job job = job(AT_LEAST_ONCE, URL, ONE_ATTEMPT);
    advanceMillis(OPEN.toMillis() + 1);
    dispatcher.fire(fire(job));
    int sent = transport.sent.size();
    transport.last().answer(Outcome.ofStatus(429));

    advanceMillis(OPEN.toMillis() * 10);
    dispatcher.fire(fire(job));

    assertThat(transport.sent).hasSize(sent + 1);
  }

  @Test
  void fire_parksTheSecondFireWithoutAPermitUntilTheFirstCompletes() {
    ConcurrencyLimiter one = new ConcurrencyLimiter(1, 1);
    HttpDispatcher limited = dispatcher(one, transport);
    Job job = Jobs.job("* * * * * *", AT_LEAST_ONCE);
    Fire first = fire(job);
    Fire second = fire(job);

    limited.fire(first);
    limited.fire(second);

    assertThat(transport.sent).extracting(Sent::fire).containsExactly(first);
    assertThat(limited.inFlight()).isEqualTo(2);
    assertThat(one.inFlight()).isEqualTo(1);
    assertThat(events.firedDrifts).hasSize(1); // the parked one has not left yet

    advanceMillis(400);
    transport.last().answer(Outcome.ofStatus(200));
    assertThat(completed).hasSize(1);
    assertThat(transport.sent).hasSize(1); // the wake-up comes through runSoon
    timers.runPending();

    assertThat(transport.sent).extracting(Sent::fire).containsExactly(first, second);
    assertThat(transport.last().attempt()).isEqualTo(1);
    transport.last().answer(Outcome.ofStatus(200));
    assertThat(completed).hasSize(2);
    assertThat(completed.get(1).execution().driftMs()).isEqualTo(400); // from when it left
    assertThat(limited.inFlight()).isZero();
    assertThat(one.inFlight()).isZero();
  }

  @Test
  void fire_queuesBehindParkedFiresInOrderEvenWhenAPermitIsFree() {
    ConcurrencyLimiter one = new ConcurrencyLimiter(1, 1);
    HttpDispatcher limited = dispatcher(one, transport);
    Job job = Jobs.job("* * * * * *", AT_LEAST_ONCE);
    List<Fire> fires = List.of(fire(job), fire(job), fire(job), fire(job));
    limited.fire(fires.get(0));
    limited.fire(fires.get(1));
    limited.fire(fires.get(2));

    transport.last().answer(Outcome.ofStatus(200)); // frees the permit; the wake-up is queued
    limited.fire(fires.get(3)); // must not overtake the parked ones
    assertThat(transport.sent).hasSize(1);

    for (int i = 1; i < fires.size(); i++) {
      timers.runPending();
      assertThat(transport.sent).hasSize(i + 1);
      transport.last().answer(Outcome.ofStatus(200));
    }
    assertThat(transport.sent).extracting(Sent::fire).containsExactlyElementsOf(fires);
    assertThat(completed)
        .extracting(Completed::fire)
        .extracting(Fire::executionId)
        .containsExactlyElementsOf(fires.stream().map(Fire::executionId).toList());
  }

  @Test
  void fire_parkedOnASharedLimiterIsWokenByAnotherPartitionsRelease() {
    ConcurrencyLimiter one = new ConcurrencyLimiter(1, 1);
    ScriptedTransport otherTransport = new ScriptedTransport();
    HttpDispatcher p1 = dispatcher(one, transport);
    HttpDispatcher p2 = dispatcher(one, otherTransport);
    Job job = Jobs.job("* * * * * *", AT_LEAST_ONCE);

    p1.fire(fire(job));
    p2.fire(fire(job));
    assertThat(otherTransport.sent).isEmpty();

    transport.last().answer(Outcome.ofStatus(200));
    timers.runPending();

    assertThat(otherTransport.sent).hasSize(1);
    assertThat(one.inFlight()).isEqualTo(1);
  }

  @Test
  void fire_parksARetryThatFindsNoPermit() {
    ConcurrencyLimiter one = new ConcurrencyLimiter(1, 1);
    HttpDispatcher limited = dispatcher(one, transport);
    Job job = Jobs.job("* * * * * *", AT_LEAST_ONCE);
    Fire retried = fire(job);
    limited.fire(retried);
    transport.last().answer(Outcome.ofStatus(500));
    Fire other = fire(job);
    limited.fire(other); // takes the permit while the first waits for its retry

    advanceMillis(Backoff.ceilingMillis(job.retry(), 1));
    assertThat(transport.sent).extracting(Sent::fire).containsExactly(retried, other);

    transport.last().answer(Outcome.ofStatus(200));
    timers.runPending();
    assertThat(transport.sent).extracting(Sent::fire).containsExactly(retried, other, retried);
    assertThat(transport.last().attempt()).isEqualTo(2);
  }

  @Test
  void whenDrained_completesAtOnceWithNothingInFlight() {
    assertThat(dispatcher.whenDrained().succeeded()).isTrue();
  }

  @Test
  void whenDrained_completesOnlyWhenTheLastExecutionIsFinal() {
    Job job = Jobs.job("* * * * * *", AT_LEAST_ONCE);
    dispatcher.fire(fire(job));
    dispatcher.fire(fire(job));
    Sent first = transport.sent.get(0);
    Sent second = transport.sent.get(1);

    Future<Void> drained = dispatcher.whenDrained();
    Future<Void> drainedToo = dispatcher.whenDrained();
    first.answer(Outcome.ofStatus(200));
    assertThat(drained.isComplete()).isFalse();

    second.answer(Outcome.ofStatus(500)); // waits for a retry: still in flight
    assertThat(dispatcher.inFlight()).isEqualTo(1);
    assertThat(drained.isComplete()).isFalse();

    advanceMillis(Backoff.ceilingMillis(job.retry(), 1));
    transport.last().answer(Outcome.ofStatus(200));

    assertThat(drained.succeeded()).isTrue();
    assertThat(drainedToo.succeeded()).isTrue();
    assertThat(dispatcher.inFlight()).isZero();
  }

  @Test
  void inFlight_countsWaitingParkedAndSentExecutions() {
    ConcurrencyLimiter one = new ConcurrencyLimiter(1, 1);
    HttpDispatcher limited = dispatcher(one, transport);
    Job job = Jobs.job("* * * * * *", AT_LEAST_ONCE);

    limited.fire(fire(job));
    limited.fire(fire(job)); // parked
    assertThat(limited.inFlight()).isEqualTo(2);
    assertThat(events.inFlight).isEqualTo(2);

    transport.last().answer(Outcome.ofStatus(503)); // first waits for a retry
    timers.runPending(); // second is sent
    assertThat(limited.inFlight()).isEqualTo(2);

    transport.last().answer(Outcome.ofStatus(200));
    assertThat(limited.inFlight()).isEqualTo(1);
    assertThat(events.inFlight).isEqualTo(1);

    advanceMillis(Backoff.ceilingMillis(job.retry(), 1));
    timers.runPending();
    transport.last().answer(Outcome.ofStatus(200));
    assertThat(limited.inFlight()).isZero();
    assertThat(events.inFlight).isZero();
    assertThat(completed).hasSize(2);
  }

  @Test
  void close_closesTheTransport() {
    assertThat(dispatcher.close().succeeded()).isTrue();
    assertThat(transport.closed).isTrue();
  }

  @Test
  void fire_aHostAtItsCapHoldsUpNoOtherHost() {
    ConcurrencyLimiter perHostOne = new ConcurrencyLimiter(100, 1);
    HttpDispatcher limited = dispatcher(perHostOne, transport);
    Fire slow1 = fire(job(AT_LEAST_ONCE, URL, RetryPolicy.DEFAULT));
    Fire slow2 = fire(job(AT_LEAST_ONCE, URL, RetryPolicy.DEFAULT));
    Fire healthy = fire(job(AT_LEAST_ONCE, OTHER_URL, RetryPolicy.DEFAULT));

    limited.fire(slow1); // holds the slow host's only permit and never answers
    limited.fire(slow2); // parked behind it
    limited.fire(healthy);

    assertThat(transport.sent).extracting(Sent::fire).containsExactly(slow1, healthy);
  }

  @Test
  void fire_atMostOnceThatGetsNoPermitWithinThePermitWaitIsSkipped() {
    ConcurrencyLimiter one = new ConcurrencyLimiter(1, 1);
    HttpDispatcher limited = dispatcher(one, transport);
    limited.fire(fire(job(AT_LEAST_ONCE, URL, RetryPolicy.DEFAULT)));
    Fire waiting = fire(job(AT_MOST_ONCE, URL, RetryPolicy.DEFAULT));
    limited.fire(waiting);

    advanceMillis(PERMIT_WAIT.toMillis() - 200);
    assertThat(completed).isEmpty();
    advanceMillis(300);

    Execution execution = onlyExecution();
    assertThat(execution.id()).isEqualTo(waiting.executionId());
    assertThat(execution.status()).isEqualTo(ExecutionStatus.SKIPPED);
    assertThat(execution.error()).contains("over the concurrency cap");
    assertThat(transport.sent).hasSize(1);
  }

  @Test
  void fire_atLeastOnceThatGetsNoPermitInTimeTriesAgainLater() {
    ConcurrencyLimiter one = new ConcurrencyLimiter(1, 1);
    HttpDispatcher limited = dispatcher(one, transport);
    limited.fire(fire(job(AT_LEAST_ONCE, URL, RetryPolicy.DEFAULT)));
    Sent holder = transport.last();
    Fire waiting = fire(job(AT_LEAST_ONCE, URL, RetryPolicy.DEFAULT));
    limited.fire(waiting);

    advanceMillis(PERMIT_WAIT.toMillis() + 100); // its first attempt is spent waiting
    assertThat(completed).isEmpty();
    holder.answer(Outcome.ofStatus(200));
    advanceMillis(Backoff.ceilingMillis(RetryPolicy.DEFAULT, 1) + 100);

    assertThat(transport.last().fire()).isSameAs(waiting);
    transport.last().answer(Outcome.ofStatus(200));
    assertThat(completed)
        .extracting(c -> c.execution().status())
        .containsExactly(ExecutionStatus.SUCCEEDED, ExecutionStatus.SUCCEEDED);
  }
}
