package io.cronwheel.wheel;

import io.cronwheel.model.Fire;

/**
 * A fire taken off the wheel ahead of its second, waiting for that second (and, if at-most-once,
 * its claim).
 */
final class StagedFire {
  enum Claim {
    /**
     * No claim: a misfired second, or an at-least-once claim that could not be made (it fires
     * anyway).
     */
    NONE,
    PENDING,
    CLAIMED,
    /** Another process claimed this second first: it owns the delivery. */
    LOST,
    FAILED
  }

  Fire fire;
  Claim claim;

  /**
   * Staged after its second had already passed the misfire line: the job's misfire policy decides.
   */
  final boolean misfired;

  /**
   * The second has come while the claim was still pending: dispatch as soon as the claim is
   * answered.
   */
  boolean due;

  boolean cancelled;
  String claimError;

  StagedFire(Fire fire, Claim claim, boolean misfired) {
    this.fire = fire;
    this.claim = claim;
    this.misfired = misfired;
  }

  long epochSecond() {
    return Math.floorDiv(fire.scheduledAtMillis(), 1000);
  }
}
