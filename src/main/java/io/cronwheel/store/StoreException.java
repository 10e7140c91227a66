package io.cronwheel.store;

/** A store operation refused for a reason the caller should tell the user about. */
public class StoreException extends RuntimeException {
  public enum Reason {
    NOT_FOUND,
    DUPLICATE_NAME,
    STALE_VERSION
  }

  private final Reason reason;

  public StoreException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
