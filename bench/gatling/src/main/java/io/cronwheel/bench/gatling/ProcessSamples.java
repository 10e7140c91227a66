package io.cronwheel.bench.gatling;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The once-a-second samples run.sh takes during the simulation ({@code samples.txt}): cumulative CPU ticks of the
 * engine, of PostgreSQL (postmaster, its live children and its exited ones), of the Maven process tree that runs
 * Gatling, and of the whole machine ({@code /proc/stat}), plus the engine's RSS. Averages over a window are the
 * differences between its first and last samples.
 */
final class ProcessSamples {
    /** Linux reports CPU time in USER_HZ ticks, 100 per second on every mainstream architecture. */
    private static final double TICKS_PER_SECOND = 100.0;

    record Sample(
            long epochMs,
            long engineTicks,
            long engineRssKb,
            long postgresTicks,
            long gatlingTicks,
            long machineBusyTicks,
            long machineTotalTicks) {}

    /** Average CPU in % of one core over a window, and the engine's largest sampled RSS. */
    record Usage(
            double engineCpu,
            double postgresCpu,
            double gatlingCpu,
            double machineCpu,
            long engineRssMaxKb,
            boolean postgresKnown) {}

    private final List<Sample> samples;

    private ProcessSamples(List<Sample> samples) {
        this.samples = samples;
    }

    static ProcessSamples read(Path file) throws IOException {
        List<Sample> samples = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                String[] f = line.trim().split("\\s+");
                if (f.length == 7 && f[0].chars().allMatch(Character::isDigit)) {
                    samples.add(new Sample(
                            Long.parseLong(f[0]),
                            Long.parseLong(f[1]),
                            Long.parseLong(f[2]),
                            Long.parseLong(f[3]),
                            Long.parseLong(f[4]),
                            Long.parseLong(f[5]),
                            Long.parseLong(f[6])));
                }
            }
        }
        return new ProcessSamples(samples);
    }

    /** The usage between the first and the last sample inside the window; null if fewer than two fall in it. */
    Usage usage(SimulationRecord.Window window) {
        List<Sample> in =
                samples.stream().filter(s -> window.contains(s.epochMs())).toList();
        if (in.size() < 2) {
            return null;
        }
        Sample first = in.get(0);
        Sample last = in.get(in.size() - 1);
        double seconds = (last.epochMs() - first.epochMs()) / 1000.0;
        long machineTotal = last.machineTotalTicks() - first.machineTotalTicks();
        int cores = Runtime.getRuntime().availableProcessors();
        double machine = machineTotal <= 0
                ? Double.NaN
                : 100.0 * cores * (last.machineBusyTicks() - first.machineBusyTicks()) / machineTotal;
        long rssMax = in.stream().mapToLong(Sample::engineRssKb).max().orElse(0);
        return new Usage(
                cpu(first.engineTicks(), last.engineTicks(), seconds),
                cpu(first.postgresTicks(), last.postgresTicks(), seconds),
                cpu(first.gatlingTicks(), last.gatlingTicks(), seconds),
                machine,
                rssMax,
                first.postgresTicks() > 0);
    }

    private static double cpu(long fromTicks, long toTicks, double seconds) {
        return seconds <= 0 ? Double.NaN : 100.0 * (toTicks - fromTicks) / TICKS_PER_SECOND / seconds;
    }
}
