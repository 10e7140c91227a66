package io.cronwheel.model;

/** The delivery promise a job makes for each of its scheduled seconds. */
public enum ExecutionType {
  /** Retried until delivered or out of attempts; a receiver may see a second more than once. */
  AT_LEAST_ONCE,
  /**
   * Durably claimed before the request leaves; never sent twice, never retried once it may have
   * been sent.
   */
  AT_MOST_ONCE
}
