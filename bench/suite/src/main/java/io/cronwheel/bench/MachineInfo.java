package io.cronwheel.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What a report says about the machine and the software under test, read once at the start of a run. */
record MachineInfo(String cpu, long memTotalBytes, String loadAverage, String jdk, String engineJar) {
    /** Until it is read, or when a run failed before. */
    static final MachineInfo UNKNOWN = new MachineInfo("?", -1, "?", "?", "?");

    static MachineInfo capture(Path javaBin, Path engineJar) {
        String load;
        try {
            load = Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            load = "?";
        }
        String jdk = System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.name") + " "
                + System.getProperty("java.runtime.version") + " (" + javaBin + ")";
        String jar;
        try {
            jar = engineJar + " (" + Files.size(engineJar) / 1024 + " KiB, built "
                    + Fmt.UTC_TIME.format(Files.getLastModifiedTime(engineJar).toInstant()) + ")";
        } catch (IOException e) {
            jar = engineJar + " (unreadable: " + e.getMessage() + ")";
        }
        return new MachineInfo(ProcStats.machineSummary(), ProcStats.memTotalBytes(), load, jdk, jar);
    }

    /** Memory as the reports give it. */
    String memory() {
        return memTotalBytes < 0 ? "?" : Fmt.gib(memTotalBytes) + " (/proc/meminfo MemTotal)";
    }
}
