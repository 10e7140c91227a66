package io.cronwheel.bench;

/**
 * What {@link Sampler} read in one wall-clock second. "Engine" is the run's scheduler, a peer's process included.
 * Values that could not be read are NaN (or -1 for counts).
 */
final class Sample {
    long second;
    String phase;
    double engineCpuPct = Double.NaN;
    double engineRssMb = Double.NaN;
    double receiverCpuPct = Double.NaN;
    double receiverRssMb = Double.NaN;
    double postgresCpuPct = Double.NaN;
    double machineCpuPct = Double.NaN;
    long receiverReceipts = -1;
    double engineFiresTotal = Double.NaN;
    double driftP50m1 = Double.NaN;
    double driftP99m1 = Double.NaN;
    double driftP999m1 = Double.NaN;
    double driftMaxMs = Double.NaN;
    double backlog = Double.NaN;
    double inflight = Double.NaN;
    double rejected = Double.NaN;
    double unexpected = Double.NaN;
    long pgRowsWritten = -1;
    /** Inserts + updates + deletes of every table of the database: comparable across schedulers. */
    long pgRowsWrittenAll = -1;
}
