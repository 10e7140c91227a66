package io.cronwheel.wheel;

import io.cronwheel.model.Fire;

/** A fire taken off the wheel ahead of its second, waiting for that second (and, if at-most-once, its claim). */
final class StagedFire {
  enum Claim {
    /** At-least-once: no claim needed. */
    NONE,
    PENDING,
    CLAIMED,
    /** Another process claimed this second first: it owns the delivery. */
    LOST,
    FAILED
  }

  Fire fire;
  Claim claim;
  /** The second has come while the claim was still pending: fire as soon as it is confirmed. */
  boolean due;
  boolean cancelled;
  String claimError;

  StagedFire(Fire fire, Claim claim) {
    this.fire = fire;
    this.claim = claim;
  }

  long epochSecond() {
    return Math.floorDiv(fire.scheduledAtMillis(), 1000);
  }
}
