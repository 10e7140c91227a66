package io.cronwheel.store;

/** A store operation refused for a reason the caller should tell the user about. */
public class StoreException extends RuntimeException {
  public enum Reason {
    NOT_FOUND,
    DUPLICATE_NAME,
    STALE_VERSION,
    /** The writer no longer holds the partition's lease: another node owns it now. */
    FENCED_OUT
  }

  private final Reason reason;

  public StoreException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  /** Whether {@code error} is a store refusal for {@code reason}. */
  public static boolean is(Throwable error, Reason reason) {
    return error instanceof StoreException e && e.reason == reason;
  }

  public Reason reason() {
    return reason;
  }
}
