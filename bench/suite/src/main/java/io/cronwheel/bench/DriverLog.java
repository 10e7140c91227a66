package io.cronwheel.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/** A run's steps, each line stamped with the UTC time: on stdout and appended to the run's driver.log. */
final class DriverLog implements AutoCloseable {
    private final PrintWriter file;

    DriverLog(Path dir) throws IOException {
        Files.createDirectories(dir);
        file = new PrintWriter(Files.newBufferedWriter(
                dir.resolve("driver.log"),
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND));
    }

    /** Called from the run's thread and its samplers' threads. */
    synchronized void log(String message) {
        String line = Fmt.UTC_TIME.format(Instant.now()) + " " + message;
        System.out.println(line);
        System.out.flush();
        file.println(line);
        file.flush();
    }

    @Override
    public synchronized void close() {
        file.close();
    }
}
