package io.cronwheel.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The HTTP request a job sends.
 *
 * @param bodyJson the body as JSON text (a JSON string value is sent as plain text), or {@code
 *     null} to send the default envelope
 * @param secretHeaders headers, besides those {@link SecretHeaders#ALWAYS} secret, whose values are
 *     write-only (masked in answers, encrypted at rest when a key is set)
 */
public record Target(
    String url,
    String method,
    Map<String, String> headers,
    String bodyJson,
    List<String> secretHeaders) {
  public static final String DEFAULT_METHOD = "POST";

  public Target {
    Objects.requireNonNull(url, "url");
    method = method == null ? DEFAULT_METHOD : method;
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    secretHeaders = secretHeaders == null ? List.of() : List.copyOf(secretHeaders);
  }

  public Target(String url, String method, Map<String, String> headers, String bodyJson) {
    this(url, method, headers, bodyJson, List.of());
  }

  /** Whether the value of header {@code name} is write-only. */
  public boolean isSecret(String name) {
    return SecretHeaders.isSecret(name, secretHeaders);
  }

  /** The same request with other header values (the names and secret list kept). */
  public Target withHeaders(Map<String, String> newHeaders) {
    return new Target(url, method, newHeaders, bodyJson, secretHeaders);
  }
}
