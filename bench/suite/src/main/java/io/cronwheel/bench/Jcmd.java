package io.cronwheel.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Diagnostic commands sent to the engine's JVM with the JDK's {@code jcmd}. */
final class Jcmd {
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total (\\d+)K, used (\\d+)K");
    private static final Pattern MAX_HEAP = Pattern.compile("-XX:MaxHeapSize=(\\d+)");
    private static final Pattern GC = Pattern.compile("-XX:\\+Use(\\w+)GC");

    /** A class histogram row. */
    record ClassRow(long instances, long bytes, String className) {}

    private final Path jcmd;
    private final long pid;

    Jcmd(Path javaBin, long pid) {
        this.jcmd = javaBin.resolveSibling("jcmd");
        this.pid = pid;
    }

    String run(String command, int timeoutSeconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command)
                .redirectErrorStream(true)
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("jcmd " + command + " did not finish in " + timeoutSeconds + " s");
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    /** Forces a full collection and returns the heap in use right after it, in MiB (NaN if unreadable). */
    double heapUsedAfterFullGcMib() throws IOException, InterruptedException {
        run("GC.run", 120);
        Matcher m = HEAP_USED.matcher(run("GC.heap_info", 30));
        return m.find() ? Long.parseLong(m.group(2)) / 1024.0 : Double.NaN;
    }

    /** The maximum heap and the collector the JVM chose, e.g. "6,004 MiB, G1". */
    String heapLimit() throws IOException, InterruptedException {
        String flags = run("VM.flags", 30);
        Matcher max = MAX_HEAP.matcher(flags);
        Matcher gc = GC.matcher(flags);
        return (max.find() ? Fmt.n(Long.parseLong(max.group(1)) / 1048576) + " MiB" : "?") + " max heap, "
                + (gc.find() ? gc.group(1) : "?") + " collector";
    }

    /** The live-object histogram (it collects first), top {@code limit} rows by bytes. */
    List<ClassRow> classHistogram(int limit, StringBuilder raw) throws IOException, InterruptedException {
        String text = run("GC.class_histogram", 300);
        List<ClassRow> rows = new ArrayList<>();
        int seen = 0;
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            boolean row = f.length >= 4 && f[0].endsWith(":") && f[1].matches("\\d+");
            if (row && rows.size() < limit) {
                rows.add(new ClassRow(Long.parseLong(f[1]), Long.parseLong(f[2]), f[3]));
            }
            // keep the top 200 classes and the header and total lines
            if (raw != null && (row ? ++seen <= 200 : line.startsWith("Total") || line.contains("#instances"))) {
                raw.append(line).append('\n');
            }
        }
        return rows;
    }
}
