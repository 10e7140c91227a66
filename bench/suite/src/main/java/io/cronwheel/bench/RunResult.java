package io.cronwheel.bench;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What one throughput run measured, besides what every run records. NaN / -1 where a value could not be measured. */
final class RunResult extends RunRecord {
    SchedulerKind scheduler = SchedulerKind.CRONWHEEL;
    /** The scheduler process's command line (a peer's; the engine's is in the report's parameters). */
    String schedulerCommand;
    /** A peer's settings and the reasons for them (its peer-settings.md), null for cronwheel. */
    String peerSettings;

    int jobs;
    int amoJobs;
    int warmupSeconds;
    int durationSeconds;

    // timeline (epoch seconds)
    long registrationStart;
    long registrationEnd;
    double registrationSeconds = Double.NaN;
    int registrationFailures;
    String registrationLatency = "?";
    List<String> registrationErrors = new ArrayList<>();
    long stopAt;

    // receiver, besides the fires every run records
    JsonObject receiverStats;
    long missedAlo = -1;
    long missedAmo = -1;
    long jobsNeverSeen = -1;
    long jobsWithMissing = -1;
    long duplicatesAlo = -1;
    long duplicatesAmo = -1;
    long retriesSeen = -1;
    long windowReceipts = -1;
    long preWindowReceipts = -1;
    long postWindowReceipts = -1;
    long receiverMalformed = -1;
    double achievedPerSecond = Double.NaN;
    double receiptsMean = Double.NaN;
    double receiptsMin = Double.NaN;
    double receiptsMax = Double.NaN;
    double recvP90 = Double.NaN;
    double recvMean = Double.NaN;
    String missingSamples = "";
    String duplicateSamples = "";

    // database
    Map<String, Long> rowsByTypeAndStatus = new LinkedHashMap<>();
    long rowsInWindow = -1;
    long succeededRows = -1;
    long nonFinalRows = -1;
    long rowsTotal = -1;
    long jobsWithFewerRows = -1;
    double dbP50 = Double.NaN;
    double dbP90 = Double.NaN;
    double dbP99 = Double.NaN;
    double dbP999 = Double.NaN;
    double dbMax = Double.NaN;
    List<String> dbErrorSamples = new ArrayList<>();
    Map<Long, Double> dbP99BySecond = new LinkedHashMap<>();
    double pgRowsWrittenPerSecond = Double.NaN;
    /** Inserts + updates + deletes per second in the window, every table of the database. */
    double pgRowsWrittenAllPerSecond = Double.NaN;
    /** Per table: {inserts, updates, deletes} per second over the window. */
    Map<String, double[]> tableWritesPerSecond = new LinkedHashMap<>();

    double executionsGrowthPerSecond = Double.NaN;

    // engine
    double metricsP50 = Double.NaN;
    double metricsP99 = Double.NaN;
    double metricsP999 = Double.NaN;
    double metricsMax = Double.NaN;
    Map<String, Double> finalMetrics = new LinkedHashMap<>();
    double engineStopSeconds = Double.NaN;
    List<String> logErrorSamples = new ArrayList<>();
    List<String> logWarningSamples = new ArrayList<>();

    // resources over the measurement window
    double engineCpuAvg = Double.NaN;
    double engineCpuMax = Double.NaN;
    double engineRssMaxMb = Double.NaN;
    double receiverCpuAvg = Double.NaN;
    double postgresCpuAvg = Double.NaN;
    double machineCpuAvg = Double.NaN;

    List<Sample> samples = new ArrayList<>();
    List<RowCounter.Count> counts = new ArrayList<>();

    /** The sweep's ceiling criterion: nothing missed and receiver p99 drift below the limit. */
    boolean sustains(double p99LimitMs) {
        return completed() && missed == 0 && recvP99 < p99LimitMs;
    }
}
