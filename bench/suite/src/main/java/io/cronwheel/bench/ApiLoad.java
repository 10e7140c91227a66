package io.cronwheel.bench;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;

/**
 * Latency of one kind of API request: {@code count} requests with at most {@code concurrency} in flight, each
 * timed from send to the end of its response in an HdrHistogram (microseconds). A request answered with another
 * status than the expected one counts as an error and is not timed. Bounded: gives up after {@code limitSeconds}.
 */
final class ApiLoad {
  /** What one kind of request measured. Latencies in milliseconds. */
  record Result(String name, int requests, int errors, String firstError, double seconds, Histogram micros) {
    double percentileMs(double percentile) {
      return micros.getTotalCount() == 0 ? Double.NaN : micros.getValueAtPercentile(percentile) / 1000.0;
    }

    double maxMs() {
      return micros.getTotalCount() == 0 ? Double.NaN : micros.getMaxValue() / 1000.0;
    }

    double perSecond() {
      return requests / seconds;
    }
  }

  private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(2);

  private final Http http;
  private final int concurrency;
  private final long limitSeconds;

  ApiLoad(Http http, int concurrency, long limitSeconds) {
    this.http = http;
    this.concurrency = concurrency;
    this.limitSeconds = limitSeconds;
  }

  /** Sends {@code request.apply(i)} for i in [0, count) and times those answered with {@code expectedStatus}. */
  Result measure(String name, int count, int expectedStatus, IntFunction<Future<HttpResponse<Buffer>>> request)
      throws InterruptedException {
    Histogram micros = new Histogram(HIGHEST_MICROS, 3);
    int[] next = {0};
    int[] errors = {0};
    String[] firstError = {null};
    CountDownLatch done = new CountDownLatch(count);
    Runnable[] pump = new Runnable[1];
    // Everything below runs on the client's single event loop, so the counters need no synchronisation.
    pump[0] = () -> {
      int i = next[0]++;
      if (i >= count) {
        return;
      }
      long start = System.nanoTime();
      Future<HttpResponse<Buffer>> sent;
      try {
        sent = request.apply(i);
      } catch (RuntimeException e) {
        sent = Future.failedFuture(e);
      }
      sent.onComplete(ar -> {
        long elapsedMicros = (System.nanoTime() - start) / 1000;
        if (ar.succeeded() && ar.result().statusCode() == expectedStatus) {
          micros.recordValue(Math.min(elapsedMicros, HIGHEST_MICROS));
        } else {
          errors[0]++;
          if (firstError[0] == null) {
            firstError[0] = ar.failed() ? ar.cause().toString()
                : "HTTP " + ar.result().statusCode() + ": " + ar.result().bodyAsString();
          }
        }
        done.countDown();
        pump[0].run();
      });
    };
    long begin = System.nanoTime();
    http.vertx.runOnContext(v -> {
      for (int k = 0; k < Math.min(concurrency, count); k++) {
        pump[0].run();
      }
    });
    if (!done.await(limitSeconds, TimeUnit.SECONDS)) {
      throw new IllegalStateException(name + ": " + done.getCount() + " of " + count + " requests unanswered after "
          + limitSeconds + " s");
    }
    double seconds = (System.nanoTime() - begin) / 1e9;
    return new Result(name, count, errors[0], firstError[0], seconds, micros);
  }
}
