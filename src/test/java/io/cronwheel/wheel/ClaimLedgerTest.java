package io.cronwheel.wheel;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronwheel.model.ExecutionType;
import io.cronwheel.model.Fire;
import io.cronwheel.model.Job;
import io.cronwheel.model.Trigger;
import io.cronwheel.support.Jobs;
import io.cronwheel.time.UuidV7;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ClaimLedgerTest {
  private static final long T = 1_767_225_600L;

  private final Job job = Jobs.job("* * * * * *", ExecutionType.AT_MOST_ONCE);
  private final ClaimLedger ledger = new ClaimLedger();
  private final List<StagedFire> calledBack = new ArrayList<>();
  private long nextSecond = T;

  private StagedFire staged(StagedFire.Claim claim, boolean misfired) {
    long second = nextSecond++;
    Fire fire = new Fire(UuidV7.next(second * 1000), job, second * 1000, Trigger.SCHEDULED);
    return new StagedFire(fire, claim, misfired);
  }

  private StagedFire unclaimed() {
    return staged(StagedFire.Claim.NONE, false);
  }

  @Test
  void require_asksForAClaimOnAnUnclaimedFire() {
    StagedFire staged = unclaimed();

    ledger.require(staged);

    assertThat(staged.claim).isEqualTo(StagedFire.Claim.PENDING);
    assertThat(ledger.pending()).isTrue();
    assertThat(ledger.takeBatch()).containsExactly(staged.fire);
  }

  @Test
  void require_skipsMisfiredAndAlreadyClaimedFires() {
    StagedFire misfired = staged(StagedFire.Claim.NONE, true);
    StagedFire adopted = staged(StagedFire.Claim.CLAIMED, false);
    StagedFire lost = staged(StagedFire.Claim.LOST, false);
    StagedFire failed = staged(StagedFire.Claim.FAILED, false);

    for (StagedFire s : List.of(misfired, adopted, lost, failed)) {
      ledger.require(s);
    }

    assertThat(misfired.claim).isEqualTo(StagedFire.Claim.NONE);
    assertThat(adopted.claim).isEqualTo(StagedFire.Claim.CLAIMED);
    assertThat(lost.claim).isEqualTo(StagedFire.Claim.LOST);
    assertThat(failed.claim).isEqualTo(StagedFire.Claim.FAILED);
    assertThat(ledger.pending()).isFalse();
    assertThat(ledger.takeBatch()).isNull();
  }

  @Test
  void require_asksOnlyOnceForAFireAlreadyPending() {
    StagedFire staged = unclaimed();
    ledger.require(staged);
    ledger.require(staged);
    assertThat(ledger.takeBatch()).containsExactly(staged.fire);

    ledger.require(staged); // e.g. re-planned after a job change while the claim is out

    assertThat(ledger.takeBatch()).isNull();
  }

  @Test
  void takeBatch_returnsEachRequiredFireOnceInOrder() {
    StagedFire a = unclaimed();
    StagedFire b = unclaimed();
    StagedFire c = unclaimed();
    ledger.require(a);
    ledger.require(b);

    List<Fire> first = ledger.takeBatch();
    ledger.require(c);
    List<Fire> second = ledger.takeBatch();

    assertThat(first).containsExactly(a.fire, b.fire);
    assertThat(second).containsExactly(c.fire);
    assertThat(ledger.takeBatch()).isNull();
    assertThat(ledger.pending()).isTrue(); // asked for, not answered
  }

  @Test
  void answered_marksWonFiresClaimedAndOthersLostAndCallsBackOnlyTheClaimed() {
    StagedFire won = unclaimed();
    StagedFire lost = unclaimed();
    StagedFire alsoWon = unclaimed();
    for (StagedFire s : List.of(won, lost, alsoWon)) {
      ledger.require(s);
    }
    List<Fire> batch = ledger.takeBatch();

    ledger.answered(
        batch, Set.of(won.fire.executionId(), alsoWon.fire.executionId()), calledBack::add);

    assertThat(won.claim).isEqualTo(StagedFire.Claim.CLAIMED);
    assertThat(alsoWon.claim).isEqualTo(StagedFire.Claim.CLAIMED);
    assertThat(lost.claim).isEqualTo(StagedFire.Claim.LOST);
    assertThat(calledBack).containsExactly(won, alsoWon);
    assertThat(ledger.pending()).isFalse();
  }

  @Test
  void answered_isAppliedOnceEvenIfTheAnswerArrivesTwice() {
    StagedFire staged = unclaimed();
    ledger.require(staged);
    List<Fire> batch = ledger.takeBatch();
    Set<UUID> won = Set.of(staged.fire.executionId());

    ledger.answered(batch, won, calledBack::add);
    ledger.answered(batch, won, calledBack::add);
    ledger.failed(batch, "late failure", calledBack::add);

    assertThat(calledBack).containsExactly(staged);
    assertThat(staged.claim).isEqualTo(StagedFire.Claim.CLAIMED);
    assertThat(staged.claimError).isNull();
  }

  @Test
  void answered_leavesOtherBatchesPending() {
    StagedFire early = unclaimed();
    ledger.require(early);
    List<Fire> firstBatch = ledger.takeBatch();
    StagedFire later = unclaimed();
    ledger.require(later);
    List<Fire> secondBatch = ledger.takeBatch();

    ledger.answered(secondBatch, Set.of(later.fire.executionId()), calledBack::add);

    assertThat(early.claim).isEqualTo(StagedFire.Claim.PENDING);
    assertThat(ledger.pending()).isTrue();
    ledger.answered(firstBatch, Set.of(), calledBack::add);
    assertThat(early.claim).isEqualTo(StagedFire.Claim.LOST);
    assertThat(calledBack).containsExactly(later);
    assertThat(ledger.pending()).isFalse();
  }

  @Test
  void failed_marksEveryWaitedForFireFailedWithTheReasonAndCallsEachBack() {
    StagedFire a = unclaimed();
    StagedFire b = unclaimed();
    ledger.require(a);
    ledger.require(b);
    List<Fire> batch = ledger.takeBatch();

    ledger.failed(batch, "claim failed: connection reset", calledBack::add);

    assertThat(calledBack).containsExactly(a, b);
    for (StagedFire s : List.of(a, b)) {
      assertThat(s.claim).isEqualTo(StagedFire.Claim.FAILED);
      assertThat(s.claimError).isEqualTo("claim failed: connection reset");
    }
    assertThat(ledger.pending()).isFalse();
  }

  @Test
  void forget_stopsWaitingSoALaterAnswerLeavesTheFireAlone() {
    StagedFire forgotten = unclaimed();
    StagedFire kept = unclaimed();
    ledger.require(forgotten);
    ledger.require(kept);
    List<Fire> batch = ledger.takeBatch();

    ledger.forget(forgotten.fire.executionId());
    assertThat(ledger.pending()).isTrue(); // kept is still out
    ledger.answered(
        batch, Set.of(forgotten.fire.executionId(), kept.fire.executionId()), calledBack::add);

    assertThat(calledBack).containsExactly(kept);
    assertThat(forgotten.claim).isEqualTo(StagedFire.Claim.PENDING);
    assertThat(ledger.pending()).isFalse();
  }

  @Test
  void forget_ofTheLastWaitedForFireLeavesNothingPending() {
    StagedFire staged = unclaimed();
    ledger.require(staged);
    List<Fire> batch = ledger.takeBatch();

    ledger.forget(staged.fire.executionId());
    ledger.forget(staged.fire.executionId()); // twice: harmless

    assertThat(ledger.pending()).isFalse();
    ledger.failed(batch, "too late", calledBack::add);
    assertThat(calledBack).isEmpty();
    assertThat(staged.claimError).isNull();
  }
}
