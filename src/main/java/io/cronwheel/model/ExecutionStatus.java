package io.cronwheel.model;

/** Where an execution stands. {@link #isFinal()} states never change again. */
public enum ExecutionStatus {
  /** An at-most-once second claimed ahead of time; the request has not left yet. */
  CLAIMED,
  /** The request is in flight or waiting for a retry. */
  RUNNING,
  SUCCEEDED,
  FAILED,
  /** Deliberately not sent (for example the claim could not be made); the error says why. */
  SKIPPED,
  /** The second passed while nobody could fire it. */
  MISSED;

  public boolean isFinal() {
    return this != CLAIMED && this != RUNNING;
  }
}
