package io.cronwheel.bench.gatling;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The machine's description for the report, from /proc and this JVM (run.sh starts it with the engine's java). */
final class MachineInfo {
    private MachineInfo() {}

    static String cpu() {
        String model = "?";
        long processors = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("processor")) {
                    processors++;
                } else if (line.startsWith("model name") && model.equals("?")) {
                    model = line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            return Runtime.getRuntime().availableProcessors() + " CPUs";
        }
        return processors + " CPUs (/proc/cpuinfo), " + model;
    }

    static String memory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(line.replaceAll("\\D", ""));
                    return String.format(Locale.ROOT, "%.1f GiB (/proc/meminfo MemTotal)", kb / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through
        }
        return "?";
    }

    static String jdk() {
        return System.getProperty("java.runtime.name") + " " + System.getProperty("java.runtime.version") + " ("
                + Path.of(System.getProperty("java.home"), "bin", "java") + ")";
    }
}
