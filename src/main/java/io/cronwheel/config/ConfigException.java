package io.cronwheel.config;

/** A configuration value that cannot be used; the message is one line meant for the operator. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
