package io.cronwheel.dispatch;

import io.cronwheel.model.Fire;
import io.cronwheel.model.Target;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds what each attempt sends: the method, URL, headers and body of a fire. */
public final class FireRequestFactory {
  public static final String JOB_ID = "X-Cronwheel-Job-Id";
  public static final String EXECUTION_ID = "X-Cronwheel-Execution-Id";
  public static final String SCHEDULED_AT = "X-Cronwheel-Scheduled-At";
  public static final String ATTEMPT = "X-Cronwheel-Attempt";
  public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  /** The parts of one attempt, independent of any HTTP client. */
  public record FireRequest(
      HttpMethod method, String url, Map<String, String> headers, Buffer body) {}

  private FireRequestFactory() {}

  public static FireRequest build(Fire fire, int attempt) {
    Target target = fire.job().target();
    HttpMethod method = HttpMethod.valueOf(target.method());
    String scheduledAt = formatMillis(fire.scheduledAtMillis());
    LinkedHashMap<String, String> headers = new LinkedHashMap<>();
    Buffer body;
    if (method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD)) {
      body = null;
    } else if (target.bodyJson() == null) {
      headers.put("Content-Type", "application/json");
      body = Buffer.buffer(envelope(fire, scheduledAt, attempt));
    } else if (target.bodyJson().startsWith("\"")) {
      headers.put("Content-Type", "text/plain; charset=utf-8");
      body = Buffer.buffer((String) Json.decodeValue(target.bodyJson()));
    } else {
      headers.put("Content-Type", "application/json");
      body = Buffer.buffer(target.bodyJson());
    }
    headers.putAll(target.headers());
    headers.put(JOB_ID, fire.job().id().toString());
    headers.put(EXECUTION_ID, fire.executionId().toString());
    headers.put(SCHEDULED_AT, scheduledAt);
    headers.put(ATTEMPT, Integer.toString(attempt));
    headers.put(IDEMPOTENCY_KEY, fire.idempotencyKey());
    return new FireRequest(method, target.url(), headers, body);
  }

  /**
   * The default body: enough for a receiver to know what fired without any configuration. Written
   * by hand rather than through a JSON mapper: it is built once per fire, and only the job name
   * needs escaping.
   */
  static String envelope(Fire fire, String scheduledAt, int attempt) {
    StringBuilder json =
        new StringBuilder(256)
            .append("{\"jobId\":\"")
            .append(fire.job().id())
            .append("\",\"jobName\":");
    appendJsonString(json, fire.job().name());
    return json.append(",\"executionId\":\"")
        .append(fire.executionId())
        .append("\",\"scheduledAt\":\"")
        .append(scheduledAt)
        .append("\",\"attempt\":")
        .append(attempt)
        .append(",\"trigger\":\"")
        .append(fire.trigger().name())
        .append("\"}")
        .toString();
  }

  private static void appendJsonString(StringBuilder out, String text) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /** One formatted timestamp per second is enough: every fire of that second shares it. */
  private static volatile FormattedInstant lastFormatted = new FormattedInstant(Long.MIN_VALUE, "");

  private record FormattedInstant(long epochMillis, String text) {}

  public static String formatMillis(long epochMillis) {
    FormattedInstant last = lastFormatted;
    if (last.epochMillis() == epochMillis) {
      return last.text();
    }
    String text =
        ISO_MILLIS.format(Instant.ofEpochMilli(epochMillis).truncatedTo(ChronoUnit.MILLIS));
    lastFormatted = new FormattedInstant(epochMillis, text);
    return text;
  }
}
