package io.cronwheel.model;

import java.util.Map;
import java.util.Objects;

/**
 * The HTTP request a job sends.
 *
 * @param bodyJson the body as JSON text (a JSON string value is sent as plain text), or {@code
 *     null} to send the default envelope
 */
public record Target(String url, String method, Map<String, String> headers, String bodyJson) {
  public static final String DEFAULT_METHOD = "POST";

  public Target {
    Objects.requireNonNull(url, "url");
    method = method == null ? DEFAULT_METHOD : method;
    headers = headers == null ? Map.of() : Map.copyOf(headers);
  }
}
