package io.cronwheel.bench;

import java.util.Map;

/**
 * The CPU the run's scheduler, receiver and PostgreSQL server (all its processes) used since the previous reading,
 * and the whole machine's, as a percentage of one core (2 cores = 200 %), from /proc.
 */
final class CpuMeter {
    private final long enginePid;
    private final long receiverPid;
    private final long postmaster;
    private long lastNanos = System.nanoTime();
    private long lastEngine;
    private long lastReceiver;
    private Map<Long, Long> lastPostgres;
    private long[] lastMachine;

    CpuMeter(long enginePid, long receiverPid, long postmaster) {
        this.enginePid = enginePid;
        this.receiverPid = receiverPid;
        this.postmaster = postmaster;
        lastEngine = ProcStats.cpuTicks(enginePid);
        lastReceiver = ProcStats.cpuTicks(receiverPid);
        lastPostgres = ProcStats.serverTicks(postmaster);
        lastMachine = ProcStats.machineTicks();
    }

    void read(Sample s) {
        long nanos = System.nanoTime();
        double elapsedSeconds = (nanos - lastNanos) / 1e9;
        lastNanos = nanos;
        long engine = ProcStats.cpuTicks(enginePid);
        long receiver = ProcStats.cpuTicks(receiverPid);
        Map<Long, Long> postgres = ProcStats.serverTicks(postmaster);
        long[] machine = ProcStats.machineTicks();
        s.engineCpuPct = pct(engine, lastEngine, elapsedSeconds);
        s.receiverCpuPct = pct(receiver, lastReceiver, elapsedSeconds);
        long postgresUsed = ProcStats.ticksBetween(lastPostgres, postgres);
        s.postgresCpuPct = postgresUsed < 0 ? Double.NaN : pct(postgresUsed, 0, elapsedSeconds);
        if (machine[0] > lastMachine[0] && lastMachine[0] >= 0) {
            double busy = (machine[0] - lastMachine[0]) - (machine[1] - lastMachine[1]);
            s.machineCpuPct = 100.0 * Runtime.getRuntime().availableProcessors() * busy / (machine[0] - lastMachine[0]);
        }
        lastEngine = engine;
        lastReceiver = receiver;
        lastPostgres = postgres;
        lastMachine = machine;
    }

    private static double pct(long now, long before, double elapsedSeconds) {
        if (now < 0 || before < 0 || elapsedSeconds <= 0) {
            return Double.NaN;
        }
        return 100.0 * (now - before) / ProcStats.TICKS_PER_SECOND / elapsedSeconds;
    }
}
