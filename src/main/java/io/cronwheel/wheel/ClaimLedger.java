package io.cronwheel.wheel;

import io.cronwheel.model.Fire;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The durable claims of one partition: the staged fires whose claim is asked for and not yet
 * answered, and the batch to ask for next (one statement per batch). An answer moves each fire to
 * {@code CLAIMED}, {@code LOST} or {@code FAILED}; what then happens to the fire is the scheduler's
 * decision.
 *
 * <p>Not thread-safe: one partition's loop.
 */
final class ClaimLedger {
  private final Map<UUID, StagedFire> inFlight = new HashMap<>();
  private final List<Fire> batch = new ArrayList<>();

  /**
   * Asks for a claim on a staged fire unless it has one or is a misfire (misfires are never
   * claimed).
   */
  void require(StagedFire staged) {
    if (staged.claim == StagedFire.Claim.NONE && !staged.misfired) {
      staged.claim = StagedFire.Claim.PENDING;
      inFlight.put(staged.fire.executionId(), staged);
      batch.add(staged.fire);
    }
  }

  /** The claims to ask for now, in one batch, or null if there are none. */
  List<Fire> takeBatch() {
    if (batch.isEmpty()) {
      return null;
    }
    List<Fire> taken = List.copyOf(batch);
    batch.clear();
    return taken;
  }

  /** Whether claims were asked for and not yet answered. */
  boolean pending() {
    return !inFlight.isEmpty();
  }

  /** Stops waiting for a claim whose answer no longer matters (its second misfired). */
  void forget(UUID executionId) {
    inFlight.remove(executionId);
  }

  /**
   * Applies an answer: {@code wonIds} are the execution ids this process now owns. Each fire still
   * waited for becomes {@code CLAIMED} or {@code LOST}; the claimed ones go to {@code onClaimed}.
   */
  void answered(List<Fire> fires, Set<UUID> wonIds, Consumer<StagedFire> onClaimed) {
    for (Fire fire : fires) {
      StagedFire staged = inFlight.remove(fire.executionId());
      if (staged == null) {
        continue;
      }
      if (wonIds.contains(fire.executionId())) {
        staged.claim = StagedFire.Claim.CLAIMED;
        onClaimed.accept(staged);
      } else {
        staged.claim = StagedFire.Claim.LOST;
      }
    }
  }

  /**
   * The claim statement failed: each fire still waited for becomes {@code FAILED} and goes to
   * {@code onFailed}.
   */
  void failed(List<Fire> fires, String reason, Consumer<StagedFire> onFailed) {
    for (Fire fire : fires) {
      StagedFire staged = inFlight.remove(fire.executionId());
      if (staged == null) {
        continue;
      }
      staged.claim = StagedFire.Claim.FAILED;
      staged.claimError = reason;
      onFailed.accept(staged);
    }
  }
}
