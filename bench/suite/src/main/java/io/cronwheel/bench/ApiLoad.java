package io.cronwheel.bench;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
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
        InFlight.Outcome outcome = InFlight.run(http.vertx, name, count, concurrency, limitSeconds, i -> {
            long start = System.nanoTime();
            return request.apply(i).compose(answer -> {
                if (answer.statusCode() != expectedStatus) {
                    return Future.failedFuture(
                            new UnexpectedStatus(answer.statusCode() + ": " + answer.bodyAsString()));
                }
                // recorded on the client's one event loop, like every answer
                micros.recordValue(Math.min((System.nanoTime() - start) / 1000, HIGHEST_MICROS));
                return Future.succeededFuture();
            });
        });
        String firstError = outcome.firstFailures().isEmpty()
                ? null
                : describe(outcome.firstFailures().get(0).cause());
        return new Result(name, count, outcome.failures(), firstError, outcome.seconds(), micros);
    }

    /** An answer with another status as "HTTP 500: body", any other failure as the exception. */
    private static String describe(Throwable cause) {
        return cause instanceof UnexpectedStatus ? "HTTP " + cause.getMessage() : cause.toString();
    }

    /** An answer with another status than the expected one. */
    private static final class UnexpectedStatus extends RuntimeException {
        UnexpectedStatus(String message) {
            super(message, null, false, false);
        }
    }
}
