package io.cronwheel.bench;

import io.vertx.core.json.JsonArray;
import java.util.Map;
import java.util.TreeMap;

/**
 * One row per wall-clock second of a throughput run, joining what was measured in it: the sampler's readings (with
 * rates from the previous second), the receiver's per-second series, the engine's p99 per scheduled second and the
 * {@code executions} counts. What samples.csv and throughput.png are drawn from.
 */
final class SecondRows {
    private SecondRows() {}

    /** Everything known about one wall-clock second. */
    static final class Row {
        long second;
        String phase = "";
        double receipts = Double.NaN;
        double p50 = Double.NaN;
        double p90 = Double.NaN;
        double p99 = Double.NaN;
        double p999 = Double.NaN;
        double max = Double.NaN;
        double engineFires = Double.NaN;
        double engineP99Db = Double.NaN;
        double pgRowsPerSecond = Double.NaN;
        double pgRowsAllPerSecond = Double.NaN;
        double executionsCount = Double.NaN;
        Sample sample;
    }

    /** Every second of the run that anything was measured in, in order. */
    static TreeMap<Long, Row> of(RunResult r) {
        TreeMap<Long, Row> rows = new TreeMap<>();
        Sample previous = null;
        for (Sample s : r.samples) {
            Row row = rows.computeIfAbsent(s.second, k -> new Row());
            row.second = s.second;
            row.phase = s.phase;
            row.sample = s;
            if (previous != null) {
                double seconds = s.second - previous.second;
                row.engineFires = (s.engineFiresTotal - previous.engineFiresTotal) / seconds;
                if (s.pgRowsWritten >= 0 && previous.pgRowsWritten >= 0) {
                    row.pgRowsPerSecond = (s.pgRowsWritten - previous.pgRowsWritten) / seconds;
                }
                if (s.pgRowsWrittenAll >= 0 && previous.pgRowsWrittenAll >= 0) {
                    row.pgRowsAllPerSecond = (s.pgRowsWrittenAll - previous.pgRowsWrittenAll) / seconds;
                }
            }
            previous = s;
        }
        if (r.receiverStats != null) {
            long first = rows.isEmpty() ? Long.MIN_VALUE : rows.firstKey();
            for (Object o : r.receiverStats.getJsonArray("series", new JsonArray())) {
                JsonArray a = (JsonArray) o;
                long second = a.getLong(0);
                if (second < first - 1) {
                    continue; // before this run
                }
                Row row = rows.computeIfAbsent(second, k -> new Row());
                row.second = second;
                row.receipts = a.getLong(1);
                if (a.getLong(1) > 0) {
                    row.p50 = a.getDouble(2);
                    row.p90 = a.getDouble(3);
                    row.p99 = a.getDouble(4);
                    row.p999 = a.getDouble(5);
                    row.max = a.getDouble(6);
                }
            }
        }
        for (Map.Entry<Long, Double> e : r.dbP99BySecond.entrySet()) {
            Row row = rows.computeIfAbsent(e.getKey(), k -> new Row());
            row.second = e.getKey();
            row.engineP99Db = e.getValue();
        }
        for (RowCounter.Count c : r.counts) {
            Row row = rows.computeIfAbsent(c.epochMillis() / 1000, k -> new Row());
            row.second = c.epochMillis() / 1000;
            row.executionsCount = c.rows();
        }
        return rows;
    }
}
