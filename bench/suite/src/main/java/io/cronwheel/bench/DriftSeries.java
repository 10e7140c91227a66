package io.cronwheel.bench;

import static io.cronwheel.bench.ReceiveWindow.HIGHEST_MICROS;
import static io.cronwheel.bench.ReceiveWindow.clampMicros;
import static io.cronwheel.bench.ReceiveWindow.ms;
import static io.cronwheel.bench.ReceiveWindow.q;

import io.vertx.core.json.JsonArray;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The receiver's per-second series: receipts and receive-drift quantiles of every wall-clock second, whatever
 * window they belong to, kept for the last two hours.
 */
final class DriftSeries {
    private static final int CAPACITY = 7200;

    private final Recorder drift = new Recorder(HIGHEST_MICROS, 3);
    private final ArrayDeque<long[]> rows = new ArrayDeque<>();
    private Histogram scratch;

    /** From any event loop. */
    void record(long driftMicros) {
        drift.recordValue(clampMicros(driftMicros));
    }

    /** Closes wall-clock second {@code second}: {second, receipts, p50, p90, p99, p99.9, max} in microseconds. */
    synchronized void close(long second) {
        scratch = drift.getIntervalHistogram(scratch);
        long n = scratch.getTotalCount();
        rows.addLast(new long[] {
            second,
            n,
            q(scratch, 50),
            q(scratch, 90),
            q(scratch, 99),
            q(scratch, 99.9),
            n == 0 ? 0 : scratch.getMaxValue()
        });
        while (rows.size() > CAPACITY) {
            rows.removeFirst();
        }
    }

    private synchronized List<long[]> copy() {
        return new ArrayList<>(rows);
    }

    static final List<String> COLUMNS = List.of("second", "receipts", "p50Ms", "p90Ms", "p99Ms", "p999Ms", "maxMs");

    /** The rows as JSON arrays, drift in milliseconds ({@link #COLUMNS}). */
    JsonArray json() {
        JsonArray json = new JsonArray();
        for (long[] row : copy()) {
            json.add(new JsonArray()
                    .add(row[0])
                    .add(row[1])
                    .add(ms(row[2]))
                    .add(ms(row[3]))
                    .add(ms(row[4]))
                    .add(ms(row[5]))
                    .add(ms(row[6])));
        }
        return json;
    }

    /** receiver-series.csv. */
    String csv() {
        StringBuilder csv = new StringBuilder("second,receipts,p50_ms,p90_ms,p99_ms,p999_ms,max_ms\n");
        for (long[] row : copy()) {
            csv.append(row[0]).append(',').append(row[1]);
            for (int i = 2; i < 7; i++) {
                csv.append(',').append(ms(row[i]));
            }
            csv.append('\n');
        }
        return csv.toString();
    }
}
