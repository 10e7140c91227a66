package io.cronwheel.bench;

/**
 * The per-second samples and row counts of the window into the result: CPU of the scheduler, PostgreSQL, the
 * receiver and the machine, the scheduler's peak RSS, the rows PostgreSQL wrote per second, the growth of {@code
 * executions}.
 */
final class SampleAnalysis {
    private SampleAnalysis() {}

    static void apply(RunResult result) {
        cpuAndMemory(result);
        result.pgRowsWrittenPerSecond = rate(result, false);
        result.pgRowsWrittenAllPerSecond = rate(result, true);
        executionsGrowth(result);
    }

    private static boolean inWindow(RunResult result, long second) {
        return second >= result.t0 && second < result.t1;
    }

    private static void cpuAndMemory(RunResult result) {
        double engineSum = 0;
        double engineMax = Double.NaN;
        double rssMax = Double.NaN;
        double receiverSum = 0;
        double postgresSum = 0;
        double machineSum = 0;
        int n = 0;
        int nPostgres = 0;
        for (Sample s : result.samples) {
            if (!inWindow(result, s.second)) {
                continue;
            }
            if (!Double.isNaN(s.engineCpuPct)) {
                engineSum += s.engineCpuPct;
                engineMax = Double.isNaN(engineMax) ? s.engineCpuPct : Math.max(engineMax, s.engineCpuPct);
                receiverSum += Double.isNaN(s.receiverCpuPct) ? 0 : s.receiverCpuPct;
                machineSum += Double.isNaN(s.machineCpuPct) ? 0 : s.machineCpuPct;
                n++;
            }
            if (!Double.isNaN(s.postgresCpuPct)) {
                postgresSum += s.postgresCpuPct;
                nPostgres++;
            }
            if (!Double.isNaN(s.engineRssMb)) {
                rssMax = Double.isNaN(rssMax) ? s.engineRssMb : Math.max(rssMax, s.engineRssMb);
            }
        }
        if (n > 0) {
            result.engineCpuAvg = engineSum / n;
            result.engineCpuMax = engineMax;
            result.receiverCpuAvg = receiverSum / n;
            result.machineCpuAvg = machineSum / n;
        }
        if (nPostgres > 0) {
            result.postgresCpuAvg = postgresSum / nPostgres;
        }
        result.engineRssMaxMb = rssMax;
    }

    /** Rows written per second between the first and the last reading of the window: to executions, or all tables. */
    private static double rate(RunResult result, boolean allTables) {
        long firstRows = -1;
        long lastRows = -1;
        long firstSecond = 0;
        long lastSecond = 0;
        for (Sample s : result.samples) {
            long rows = allTables ? s.pgRowsWrittenAll : s.pgRowsWritten;
            if (!inWindow(result, s.second) || rows < 0) {
                continue;
            }
            if (firstRows < 0) {
                firstRows = rows;
                firstSecond = s.second;
            }
            lastRows = rows;
            lastSecond = s.second;
        }
        return lastSecond > firstSecond ? (double) (lastRows - firstRows) / (lastSecond - firstSecond) : Double.NaN;
    }

    private static void executionsGrowth(RunResult result) {
        RowCounter.Count first = null;
        RowCounter.Count last = null;
        for (RowCounter.Count c : result.counts) {
            if (c.epochMillis() >= result.t0 * 1000 && c.epochMillis() < result.t1 * 1000) {
                if (first == null) {
                    first = c;
                }
                last = c;
            }
        }
        if (first != null && last.epochMillis() > first.epochMillis()) {
            result.executionsGrowthPerSecond =
                    (last.rows() - first.rows()) * 1000.0 / (last.epochMillis() - first.epochMillis());
        }
    }
}
