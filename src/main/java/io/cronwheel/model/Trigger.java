package io.cronwheel.model;

/** Why an execution happened. */
public enum Trigger {
  SCHEDULED,
  MANUAL
}
