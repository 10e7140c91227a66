package io.cronwheel.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A child process of the driver, with its stdout and stderr in a log file. */
final class Child {
    final String name;
    final Process process;
    final Path log;
    final List<String> command;

    private Child(String name, Process process, Path log, List<String> command) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.command = command;
    }

    /**
     * Starts {@code command} in {@code workDir}. The environment is the driver's, minus every {@code CRONWHEEL_*}
     * variable (so nothing leaks into the engine by accident), plus {@code env}.
     */
    static Child start(String name, List<String> command, Map<String, String> env, Path workDir, Path log)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(k -> k.startsWith("CRONWHEEL_"));
        builder.environment().putAll(env);
        return new Child(name, builder.start(), log, List.copyOf(command));
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Fails with the end of its log if the process has exited. */
    void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " died (exit " + process.exitValue() + "):\n" + tail(20));
        }
    }

    /**
     * Sends SIGTERM and waits up to {@code timeoutSeconds} for the exit; then SIGKILL.
     *
     * @return the exit code, or -1 if it had to be killed
     */
    int stop(long timeoutSeconds) {
        if (!process.isAlive()) {
            return process.exitValue();
        }
        process.destroy(); // SIGTERM on Linux
        try {
            if (process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                return process.exitValue();
            }
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        return -1;
    }

    /** The last {@code lines} lines of the log (reads at most the last 256 KiB). */
    String tail(int lines) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            long from = Math.max(0, length - 256 * 1024);
            byte[] bytes = new byte[(int) (length - from)];
            file.seek(from);
            file.readFully(bytes);
            ArrayDeque<String> last = new ArrayDeque<>();
            for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
                last.addLast(line);
                if (last.size() > lines) {
                    last.removeFirst();
                }
            }
            return String.join("\n", last);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }
}
