package io.cronwheel.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * What one scale run measured, besides what every run records (its fires are the every-second jobs'). NaN / -1 where
 * a value could not be measured.
 */
final class ScaleResult extends RunRecord {
    String engineHeapLimit = "?";

    // preparation
    double baselineHeapMib = Double.NaN;
    double bulkLoadSeconds = Double.NaN;
    long bulkRows = -1;
    String templateJson;

    // start-up (epoch millis; the engine process was started at engineStartMillis)
    long engineStartMillis;
    long dbLoadedLogMillis = -1;
    long dbLoadReportedMillis = -1;
    long readyAtMillis = -1;
    long loadedAtMillis = -1;
    double startupPeakHeapMib = Double.NaN;
    double startupPeakRssMib = Double.NaN;

    // memory once loaded
    double heapAfterGcMib = Double.NaN;
    double rssAfterGcMib = Double.NaN;
    double heapAfterGcEndMib = Double.NaN;
    double rssEndMib = Double.NaN;
    List<Jcmd.ClassRow> histogram = new ArrayList<>();

    // while loaded: the API phase in the window
    long apiStartMillis;
    long apiEndMillis;
    List<ApiLoad.Result> api = new ArrayList<>();
    long apiJobsCreated;

    // every-second jobs at the receiver
    List<double[]> driftSeriesMs = new ArrayList<>();

    // minutely and daily jobs at the background receiver
    long backgroundExpected = -1;
    long backgroundSeen = -1;
    long backgroundDuplicates = -1;
    double backgroundP50 = Double.NaN;
    double backgroundP99 = Double.NaN;
    double backgroundMax = Double.NaN;

    // engine
    List<String> logSamples = new ArrayList<>();
    List<EngineWatch.Sample> samples = new ArrayList<>();

    /** The engine's mean CPU over the window of scheduled seconds (% of one core), or NaN. */
    double engineCpuInWindow() {
        return samples.stream()
                .filter(x -> x.epochMillis() >= t0 * 1000 && x.epochMillis() < t1 * 1000)
                .mapToDouble(EngineWatch.Sample::cpuPct)
                .filter(v -> !Double.isNaN(v))
                .average()
                .orElse(Double.NaN);
    }

    /** Seconds from the engine process start to {@code epochMillis}, or NaN. */
    double sinceStart(long epochMillis) {
        return epochMillis < 0 ? Double.NaN : (epochMillis - engineStartMillis) / 1000.0;
    }
}
