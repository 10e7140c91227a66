package io.cronwheel.wheel;

import static io.cronwheel.model.ExecutionType.AT_LEAST_ONCE;
import static io.cronwheel.model.ExecutionType.AT_MOST_ONCE;
import static org.assertj.core.api.Assertions.assertThat;

import io.cronwheel.alert.AlertSink;
import io.cronwheel.dispatch.CompletionListener;
import io.cronwheel.dispatch.FireDispatcher;
import io.cronwheel.metrics.EngineEvents;
import io.cronwheel.model.Execution;
import io.cronwheel.model.ExecutionStatus;
import io.cronwheel.model.Fire;
import io.cronwheel.model.Job;
import io.cronwheel.model.OverlapPolicy;
import io.cronwheel.model.UnfinishedExecution;
import io.cronwheel.store.ExecutionSink;
import io.cronwheel.store.PartitionStore;
import io.cronwheel.support.Jobs;
import io.cronwheel.support.ManualClock;
import io.cronwheel.support.ManualTimers;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A whole partition driven tick by tick in virtual time: a manual clock and manual timers stand in
 * for the event loop, and the store, record sink and dispatcher are in-memory doubles. Nothing
 * sleeps; every "now" is the manual clock's.
 */
class PartitionLoopTest {
  private static final long T = 1_767_225_600L; // 2026-01-01T00:00:00Z
  private static final PartitionSettings SETTINGS =
      new PartitionSettings(
          64,
          Duration.ofSeconds(2),
          Duration.ofSeconds(60),
          Duration.ofHours(1),
          Duration.ofSeconds(5),
          10_000);

  private final ManualClock clock = new ManualClock(Instant.ofEpochSecond(T).plusMillis(100));
  private final ManualTimers timers = new ManualTimers(clock);
  private final InMemoryStore store = new InMemoryStore();
  private final RecordingSink records = new RecordingSink();
  private final RecordingDispatcher dispatcher = new RecordingDispatcher();
  private final List<Execution> alerted = new ArrayList<>();
  private boolean leaseHeld = true;

  private PartitionLoop loop(Long resumeAfterSecond) {
    PartitionPorts ports =
        new PartitionPorts(
            store,
            records,
            (AlertSink) (job, execution) -> alerted.add(execution),
            EngineEvents.NOOP,
            (partition, loopTimers, listener) -> dispatcher.attach(listener),
            () -> leaseHeld);
    return new PartitionLoop(0, resumeAfterSecond, SETTINGS, ports, clock, timers);
  }

  @Test
  void startFiring_sendsEachSecondOfAnEverySecondJobAtItsBoundary() {
    PartitionLoop loop = loop(null);
    loop.load(List.of(Jobs.job("* * * * * *", AT_LEAST_ONCE)));
    loop.startFiring(); // at T + 100 ms: T itself goes out at the first tick, T + 500 ms
    timers.advance(Duration.ofSeconds(5));

    assertThat(dispatcher.firedSeconds()).containsExactly(T, T + 1, T + 2, T + 3, T + 4, T + 5);
    assertThat(dispatcher.sentAtMillis)
        .as("each later fire leaves exactly on its second in virtual time")
        .containsExactly(
            T * 1000 + 500,
            (T + 1) * 1000,
            (T + 2) * 1000,
            (T + 3) * 1000,
            (T + 4) * 1000,
            (T + 5) * 1000);
  }

  @Test
  void aLostLease_stopsEveryFireAndClaimAtOnceWhateverIsStaged() {
    PartitionLoop loop = loop(null);
    loop.load(
        List.of(Jobs.job("* * * * * *", AT_LEAST_ONCE), Jobs.job("* * * * * *", AT_MOST_ONCE)));
    loop.startFiring();
    timers.advance(Duration.ofSeconds(2));
    int sent = dispatcher.fired.size();
    int claims = store.claimRequests;
    assertThat(sent).isPositive();

    leaseHeld = false; // the firing window after the last renewal has passed
    timers.advance(Duration.ofSeconds(5));

    assertThat(dispatcher.fired)
        .as("nothing is sent once the lease may have expired, not even seconds already claimed")
        .hasSize(sent);
    assertThat(store.claimRequests).as("nor claimed").isEqualTo(claims);
    assertThat(records.statuses(ExecutionStatus.SKIPPED))
        .as("and nothing is recorded for the seconds the next holder decides")
        .isEmpty();
  }

  @Test
  void loadedJobs_fireNothingUntilStartFiring() {
    PartitionLoop loop = loop(null);
    loop.load(List.of(Jobs.job("* * * * * *", AT_LEAST_ONCE)));
    timers.advance(Duration.ofSeconds(3));
    assertThat(dispatcher.fired).isEmpty();
    assertThat(timers.scheduled()).isZero();
  }

  @Test
  void startFiring_replaysTheDowntimeThroughTheMisfirePolicyBesideTheLiveSeconds() {
    PartitionLoop loop = loop(T - 10); // the earlier run handed out seconds up to T-10
    loop.load(List.of(Jobs.job("* * * * * *", AT_LEAST_ONCE)));
    loop.startFiring();
    timers.advance(Duration.ofSeconds(2));

    // FIRE_ONCE: one catch-up fire for the last missed second, the other missed seconds recorded.
    assertThat(dispatcher.firedSeconds()).containsExactly(T, T - 1, T + 1, T + 2);
    assertThat(records.statuses(ExecutionStatus.MISSED)).hasSize(8);
  }

  @Test
  void atMostOnce_waitsForItsClaimAndIsSentOnlyIfItComesInTime() {
    store.holdClaims = true;
    PartitionLoop loop = loop(null);
    loop.load(List.of(Jobs.job("* * * * * *", AT_MOST_ONCE)));
    loop.startFiring();
    timers.advance(Duration.ofSeconds(1)); // past T+1's boundary, claims still unanswered
    assertThat(dispatcher.fired).isEmpty();

    store.answerHeldClaims(); // at T+1.1: T's claim comes 1.1 s late, T+1's 0.1 s
    assertThat(dispatcher.firedSeconds()).containsExactly(T + 1);
    assertThat(records.statuses(ExecutionStatus.SKIPPED))
        .as("an at-most-once second whose claim is confirmed too late is never sent late")
        .extracting(e -> e.scheduledAt().getEpochSecond())
        .containsExactly(T);
    timers.advance(Duration.ofSeconds(1));
    assertThat(dispatcher.firedSeconds()).containsExactly(T + 1, T + 2);
  }

  @Test
  void backPressure_holdsFiresWhileTheRecordQueueIsFullAndCatchesUpInOrder() {
    PartitionLoop loop = loop(null);
    loop.load(List.of(Jobs.job("* * * * * *", AT_LEAST_ONCE)));
    loop.startFiring();
    records.room = false;
    timers.advance(Duration.ofSeconds(3));
    assertThat(dispatcher.fired).isEmpty();

    records.room = true;
    timers.advance(Duration.ofSeconds(1));
    assertThat(dispatcher.firedSeconds()).containsExactly(T, T + 1, T + 2, T + 3, T + 4);
  }

  @Test
  void progress_isSavedAfterTicksButNeverPastSecondsWhoseClaimsFailed() {
    PartitionLoop loop = loop(null);
    loop.load(List.of(Jobs.job("* * * * * *", AT_LEAST_ONCE)));
    loop.startFiring();
    timers.advance(Duration.ofSeconds(2));
    assertThat(store.marks).isNotEmpty().allMatch(mark -> mark <= T + 2);
    long lastGoodMark = store.marks.get(store.marks.size() - 1);

    store.failClaims = true;
    timers.advance(Duration.ofSeconds(3));
    assertThat(store.marks.get(store.marks.size() - 1))
        .as("no mark is saved while claims fail")
        .isEqualTo(lastGoodMark);
    assertThat(dispatcher.firedSeconds())
        .as("at-least-once keeps firing")
        .contains(T + 3, T + 4, T + 5);

    store.failClaims = false;
    timers.advance(Duration.ofSeconds(2));
    assertThat(store.marks.get(store.marks.size() - 1)).isGreaterThan(lastGoodMark);
  }

  @Test
  void stop_releasesTheClaimsOfStagedSecondsAndSavesHowFarItGot() {
    PartitionLoop loop = loop(null);
    loop.load(List.of(Jobs.job("* * * * * *", AT_MOST_ONCE)));
    loop.startFiring();
    timers.advance(Duration.ofMillis(1500)); // T, T+1 sent; T+2, T+3 staged and claimed
    Future<Void> stopped = loop.stop();
    timers.advance(Duration.ofMillis(100));

    assertThat(stopped.succeeded()).isTrue();
    assertThat(dispatcher.firedSeconds()).containsExactly(T, T + 1);
    assertThat(store.released.stream().map(f -> f.scheduledAtMillis() / 1000))
        .containsExactlyInAnyOrder(T + 2, T + 3);
    assertThat(store.marks).last().isEqualTo(T + 1);
    assertThat(dispatcher.closed).isTrue();
  }

  @Test
  void stop_givesUpWaitingForRequestsInFlightAfterTheShutdownGrace() {
    dispatcher.neverDrains = true;
    PartitionLoop loop = loop(null);
    loop.load(List.of(Jobs.job("* * * * * *", AT_LEAST_ONCE)));
    loop.startFiring();
    timers.advance(Duration.ofSeconds(1));
    Future<Void> stopped = loop.stop();
    timers.advance(SETTINGS.shutdownGrace().minusMillis(1));
    assertThat(stopped.isComplete()).isFalse();
    timers.advance(Duration.ofMillis(1));
    assertThat(stopped.succeeded()).isTrue();
  }

  @Test
  void completedExecutions_areRecordedAndLetAQueuedOverlapFireGo() {
    PartitionLoop loop = loop(null);
    Job job = Jobs.job("* * * * * *", AT_LEAST_ONCE);
    loop.load(List.of(Jobs.with(job, job.spec().withOverlapPolicy(OverlapPolicy.QUEUE))));
    loop.startFiring();
    timers.advance(Duration.ofSeconds(3));
    assertThat(dispatcher.firedSeconds()).containsExactly(T);

    dispatcher.complete(dispatcher.fired.get(0), ExecutionStatus.SUCCEEDED);
    assertThat(records.statuses(ExecutionStatus.SUCCEEDED)).hasSize(1);
    assertThat(dispatcher.firedSeconds()).containsExactly(T, T + 1);
  }

  @Test
  void everyFinalExecution_reachesTheAlertSinkWhetherItFailedOrSucceeded() {
    PartitionLoop loop = loop(null);
    loop.load(List.of(Jobs.job("* * * * * *", AT_LEAST_ONCE)));
    loop.startFiring();
    timers.advance(Duration.ofSeconds(1));
    dispatcher.complete(dispatcher.fired.get(0), ExecutionStatus.FAILED);
    dispatcher.complete(dispatcher.fired.get(1), ExecutionStatus.SUCCEEDED);

    assertThat(alerted)
        .extracting(Execution::status)
        .as("the sink tells failures from recoveries itself")
        .containsExactly(ExecutionStatus.FAILED, ExecutionStatus.SUCCEEDED);
  }

  /** Claims are won at once (or held, or failed, as the test says); releases and marks recorded. */
  private static final class InMemoryStore implements PartitionStore {
    boolean holdClaims;
    boolean failClaims;
    final List<Long> marks = new ArrayList<>();
    final List<Fire> released = new ArrayList<>();
    private final List<Runnable> held = new ArrayList<>();
    int claimRequests;

    @Override
    public Future<Set<UUID>> claim(List<Fire> fires) {
      claimRequests++;
      if (failClaims) {
        return Future.failedFuture("database down");
      }
      Set<UUID> won = fires.stream().map(Fire::executionId).collect(Collectors.toSet());
      if (!holdClaims) {
        return Future.succeededFuture(won);
      }
      Promise<Set<UUID>> answer = Promise.promise();
      held.add(() -> answer.complete(won));
      return answer.future();
    }

    void answerHeldClaims() {
      holdClaims = false;
      List<Runnable> answers = List.copyOf(held);
      held.clear();
      answers.forEach(Runnable::run);
    }

    @Override
    public Future<Void> release(List<Fire> fires) {
      released.addAll(fires);
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> saveProgress(long epochSecond) {
      marks.add(epochSecond);
      return Future.succeededFuture();
    }

    @Override
    public Future<Long> loadProgress() {
      return Future.succeededFuture(null);
    }

    @Override
    public Future<List<UnfinishedExecution>> unfinished() {
      return Future.succeededFuture(List.of());
    }

    @Override
    public Future<Integer> recorded(
        long fromSecond, long toSecond, int limit, BiConsumer<UUID, Long> recorded) {
      return Future.succeededFuture(0);
    }

    @Override
    public Future<Integer> loadJobs(int pageSize, Consumer<List<Job>> page) {
      return Future.succeededFuture(0);
    }
  }

  private static final class RecordingSink implements ExecutionSink {
    final List<Execution> recorded = new ArrayList<>();
    boolean room = true;

    @Override
    public boolean record(Execution execution) {
      recorded.add(execution);
      return true;
    }

    @Override
    public boolean hasRoom() {
      return room;
    }

    @Override
    public Future<Void> flush() {
      return Future.succeededFuture();
    }

    @Override
    public long backlog() {
      return recorded.size();
    }

    List<Execution> statuses(ExecutionStatus status) {
      return recorded.stream().filter(e -> e.status() == status).toList();
    }
  }

  /** Takes fires and holds them until the test completes them; notes the clock at each send. */
  private final class RecordingDispatcher implements FireDispatcher {
    final List<Fire> fired = new ArrayList<>();
    final List<Long> sentAtMillis = new ArrayList<>();
    private final Set<UUID> open = new HashSet<>();
    private CompletionListener listener;
    boolean neverDrains;
    boolean closed;

    FireDispatcher attach(CompletionListener completionListener) {
      this.listener = completionListener;
      return this;
    }

    @Override
    public void fire(Fire fire) {
      fired.add(fire);
      sentAtMillis.add(clock.epochMillis());
      open.add(fire.executionId());
    }

    void complete(Fire fire, ExecutionStatus status) {
      open.remove(fire.executionId());
      listener.completed(fire, Execution.sent(fire, clock.epochMillis(), 5, status, 200, 1, null));
    }

    List<Long> firedSeconds() {
      return fired.stream().map(f -> Math.floorDiv(f.scheduledAtMillis(), 1000)).toList();
    }

    @Override
    public int inFlight() {
      return open.size();
    }

    @Override
    public Future<Void> whenDrained() {
      return neverDrains && !open.isEmpty()
          ? Promise.<Void>promise().future()
          : Future.succeededFuture();
    }

    @Override
    public Future<Void> close() {
      closed = true;
      return Future.succeededFuture();
    }
  }
}
