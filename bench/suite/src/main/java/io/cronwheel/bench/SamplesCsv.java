package io.cronwheel.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;

/** A throughput run's samples.csv: one row per second, {@code t_rel_s} = seconds since the window's start. */
final class SamplesCsv {
    private SamplesCsv() {}

    static void write(RunResult r) throws IOException {
        StringBuilder csv = new StringBuilder("second,t_rel_s,phase,receiver_receipts,receiver_p50_ms,receiver_p90_ms,"
                + "receiver_p99_ms,receiver_p999_ms,receiver_max_ms,engine_fires_per_s,engine_drift_p99_db_ms,"
                + "engine_drift_p50_1m_ms,engine_drift_p99_1m_ms,engine_drift_p999_1m_ms,engine_drift_max_ms,"
                + "engine_cpu_pct,engine_rss_mb,receiver_cpu_pct,receiver_rss_mb,postgres_cpu_pct,machine_cpu_pct,"
                + "pg_rows_written_per_s,executions_count,records_backlog,requests_inflight,records_rejected_total,"
                + "errors_unexpected_total,pg_rows_written_all_per_s\n");
        for (SecondRows.Row row : SecondRows.of(r).values()) {
            Sample s = row.sample;
            csv.append(row.second + "," + (r.t0 == 0 ? "" : Long.toString(row.second - r.t0)) + "," + row.phase);
            for (double v : new double[] {
                row.receipts, row.p50, row.p90, row.p99, row.p999, row.max, row.engineFires, row.engineP99Db
            }) {
                csv.append("," + Fmt.num(v));
            }
            double[] sampled = s == null
                    ? new double[12]
                    : new double[] {
                        s.driftP50m1,
                        s.driftP99m1,
                        s.driftP999m1,
                        s.driftMaxMs,
                        s.engineCpuPct,
                        s.engineRssMb,
                        s.receiverCpuPct,
                        s.receiverRssMb,
                        s.postgresCpuPct,
                        s.machineCpuPct
                    };
            if (s == null) {
                Arrays.fill(sampled, Double.NaN);
            }
            for (int i = 0; i < 10; i++) {
                csv.append("," + Fmt.num(sampled[i]));
            }
            csv.append("," + Fmt.num(row.pgRowsPerSecond) + "," + Fmt.num(row.executionsCount));
            if (s == null) {
                csv.append(",,,,");
            } else {
                csv.append("," + Fmt.num(s.backlog) + "," + Fmt.num(s.inflight) + "," + Fmt.num(s.rejected) + ","
                        + Fmt.num(s.unexpected));
            }
            csv.append("," + Fmt.num(row.pgRowsAllPerSecond) + "\n");
        }
        Files.writeString(r.dir.resolve("samples.csv"), csv, StandardCharsets.UTF_8);
    }
}
