package io.cronwheel.cron;

/**
 * A cron expression that cannot be parsed; the message is meant for the user and names the
 * offending field.
 */
public final class InvalidCronException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public InvalidCronException(String message) {
    super(message);
  }

  public InvalidCronException(String message, Throwable cause) {
    super(message, cause);
  }

  static InvalidCronException inField(Field field, String reason) {
    return new InvalidCronException(field.label() + ": " + reason);
  }
}
