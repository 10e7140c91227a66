package io.cronwheel.dispatch;

import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.StreamResetException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;

/** The meaning of one attempt's result. */
public sealed interface Outcome {
  /** The last response's status, or {@code null} if no response was received. */
  Integer lastHttpStatus();

  /** Why the attempt did not succeed, or {@code null} when it did. */
  String failure();

  /** 2xx. */
  record Delivered(int httpStatus) implements Outcome {
    @Override
    public Integer lastHttpStatus() {
      return httpStatus;
    }

    @Override
    public String failure() {
      return null;
    }
  }

  /**
   * Worth another attempt: 5xx, 408, 429, timeouts and connection errors.
   *
   * @param mayHaveBeenSent false only when the request certainly never left (the connection was
   *     refused), the one case where even an at-most-once job may try again
   */
  record Retryable(String reason, Integer httpStatus, boolean mayHaveBeenSent, long retryAfterMs)
      implements Outcome {
    Retryable(String reason, Integer httpStatus, boolean mayHaveBeenSent) {
      this(reason, httpStatus, mayHaveBeenSent, -1);
    }

    @Override
    public Integer lastHttpStatus() {
      return httpStatus;
    }

    @Override
    public String failure() {
      return reason;
    }

    /**
     * Whether the failure says something about the host's health (a 429 is the host pacing us, not
     * failing).
     */
    boolean countsAgainstHost() {
      return httpStatus == null || (httpStatus != 429 && httpStatus != 408);
    }
  }

  /** Other 3xx and 4xx: the receiver said no, and saying it again will not help. */
  record Failed(String reason, Integer httpStatus) implements Outcome {
    @Override
    public Integer lastHttpStatus() {
      return httpStatus;
    }

    @Override
    public String failure() {
      return reason;
    }
  }

  /**
   * Not sent: the target policy refuses the target's address (or name). Final: trying again would
   * be refused again.
   */
  record Refused(String reason) implements Outcome {
    @Override
    public Integer lastHttpStatus() {
      return null;
    }

    @Override
    public String failure() {
      return reason;
    }
  }

  static Outcome ofStatus(int status) {
    return ofStatus(status, null, 0);
  }

  /**
   * What a response status means.
   *
   * @param retryAfter the response's {@code Retry-After} header, honoured on 429 and 503
   * @param nowEpochMillis for a {@code Retry-After} given as an HTTP date
   */
  static Outcome ofStatus(int status, String retryAfter, long nowEpochMillis) {
    if (status >= 200 && status < 300) {
      return new Delivered(status);
    }
    if (status >= 500 || status == 408 || status == 429) {
      long retryAfterMs =
          status == 429 || status == 503 ? RetryAfter.parseMillis(retryAfter, nowEpochMillis) : -1;
      return new Retryable("HTTP " + status, status, true, retryAfterMs);
    }
    return new Failed("HTTP " + status, status);
  }

  static Outcome ofError(Throwable error) {
    if (error instanceof ConnectException) {
      return new Retryable("connection refused: " + error.getMessage(), null, false);
    }
    if (error instanceof UnknownHostException) {
      return new Retryable("unknown host: " + error.getMessage(), null, false);
    }
    if (error instanceof TimeoutException
        || error instanceof io.netty.handler.timeout.TimeoutException) {
      return new Retryable("timeout: " + error.getMessage(), null, true);
    }
    if (error instanceof HttpClosedException || error instanceof StreamResetException) {
      return new Retryable("connection closed: " + error.getMessage(), null, true);
    }
    String name = error.getClass().getSimpleName();
    return new Retryable(name + ": " + error.getMessage(), null, true);
  }
}
