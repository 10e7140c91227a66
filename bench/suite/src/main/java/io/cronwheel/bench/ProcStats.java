package io.cronwheel.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** CPU and memory of processes and of the machine, from Linux's /proc. Every method returns -1 when unknown. */
final class ProcStats {
    /** Clock ticks per second of /proc's CPU times (USER_HZ); 100 on every common Linux build. */
    static final long TICKS_PER_SECOND = ticksPerSecond();

    private ProcStats() {}

    private static long ticksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            p.waitFor();
            return Long.parseLong(out);
        } catch (Exception e) {
            return 100;
        }
    }

    /** The fields of /proc/PID/stat after the command name, so index 0 is field 3 (state). */
    private static String[] statFields(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            int close = stat.lastIndexOf(')');
            return stat.substring(close + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String comm(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "comm"), StandardCharsets.US_ASCII)
                    .trim();
        } catch (IOException e) {
            return null;
        }
    }

    /** User + system CPU time of a process, in clock ticks. */
    static long cpuTicks(long pid) {
        String[] f = statFields(pid);
        return f == null ? -1 : Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    static long parentPid(long pid) {
        String[] f = statFields(pid);
        return f == null ? -1 : Long.parseLong(f[1]);
    }

    /** Resident set size of a process in bytes (VmRSS). */
    static long rssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return -1;
    }

    /** {total, idle} clock ticks of all CPUs since boot, from /proc/stat. */
    static long[] machineTicks() {
        try {
            String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = first.trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) { // user nice system idle iowait irq softirq steal
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {total, idle};
        } catch (IOException | RuntimeException e) {
            return new long[] {-1, -1};
        }
    }

    /**
     * CPU ticks of a PostgreSQL server per process: the postmaster and all its children (backends, WAL writer,
     * checkpointer...), or null if unknown.
     */
    static Map<Long, Long> serverTicks(long postmasterPid) {
        if (postmasterPid <= 0) {
            return null;
        }
        long own = cpuTicks(postmasterPid);
        if (own < 0) {
            return null;
        }
        Map<Long, Long> ticks = new HashMap<>();
        ticks.put(postmasterPid, own);
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(
                Path.of("/proc"), p -> isPid(p.getFileName().toString()))) {
            for (Path proc : procs) {
                long pid = Long.parseLong(proc.getFileName().toString());
                String[] f = statFields(pid);
                if (f != null && Long.parseLong(f[1]) == postmasterPid) {
                    ticks.put(pid, Long.parseLong(f[11]) + Long.parseLong(f[12]));
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return ticks;
    }

    /**
     * Ticks used between two {@link #serverTicks} readings: per process, so processes that exited in between do not
     * subtract (a process that started in between counts from zero). -1 if either reading is unknown.
     */
    static long ticksBetween(Map<Long, Long> before, Map<Long, Long> after) {
        if (before == null || after == null) {
            return -1;
        }
        long used = 0;
        for (Map.Entry<Long, Long> e : after.entrySet()) {
            used += Math.max(0, e.getValue() - before.getOrDefault(e.getKey(), 0L));
        }
        return used;
    }

    /** The postmaster of a backend process, if it runs on this machine and looks like PostgreSQL. */
    static long postmasterOf(long backendPid) {
        String backendComm = comm(backendPid);
        if (backendComm == null || !backendComm.startsWith("postgres")) {
            return -1;
        }
        long parent = parentPid(backendPid);
        String parentComm = parent > 0 ? comm(parent) : null;
        return parentComm != null && parentComm.startsWith("postgres") ? parent : -1;
    }

    private static boolean isPid(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!Character.isDigit(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static String machineSummary() {
        StringBuilder s = new StringBuilder();
        try {
            String model = null;
            int cpus = 0;
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("processor")) {
                    cpus++;
                } else if (model == null && line.startsWith("model name")) {
                    model = line.substring(line.indexOf(':') + 1).trim();
                }
            }
            s.append(cpus).append(" CPUs (/proc/cpuinfo)");
            if (model != null) {
                s.append(", ").append(model);
            }
        } catch (IOException e) {
            s.append(Runtime.getRuntime().availableProcessors()).append(" CPUs");
        }
        return s.toString();
    }

    /** MemTotal from /proc/meminfo in bytes. */
    static long memTotalBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // unknown
        }
        return -1;
    }
}
