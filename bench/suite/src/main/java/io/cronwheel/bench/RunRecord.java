package io.cronwheel.bench;

import java.nio.file.Path;

/**
 * What every run records, whatever it measures: where its files are, when it started and whether it completed, the
 * machine and PostgreSQL it ran on, the fires of its window [t0, t1) of scheduled seconds at the receiver, and how
 * the engine ended. NaN / -1 where a value could not be measured.
 */
abstract class RunRecord {
    Path dir;
    String startedAt;
    String failure;

    MachineInfo machine = MachineInfo.UNKNOWN;
    String postgresVersion;
    String postgresSettings;

    long t0;
    long t1;
    long expected = -1;
    long seen = -1;
    long missed = -1;
    long duplicates = -1;
    double recvP50 = Double.NaN;
    double recvP99 = Double.NaN;
    double recvP999 = Double.NaN;
    double recvMax = Double.NaN;

    int engineExitCode = Integer.MIN_VALUE;
    long logErrors;
    long logWarnings;

    boolean completed() {
        return failure == null;
    }
}
