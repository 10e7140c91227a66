package io.cronwheel.bench.peers;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.BiFunction;

/**
 * The life of a peer process, the same for every peer: status endpoint, schema, start, N jobs scheduled in chunks
 * (while the first ones already fire, as jobs registered through cronwheel's API do), then run until SIGTERM, when a
 * shutdown hook stops the scheduler.
 */
final class PeerRunner {
    private PeerRunner() {}

    static void run(
            String name,
            String main,
            String[] argv,
            Set<String> tuning,
            BiFunction<PeerOptions, HttpFirer, PeerScheduler> factory) {
        PeerOptions options;
        try {
            options = PeerOptions.parse(argv, tuning);
        } catch (IllegalArgumentException e) {
            System.err.println(name + ": " + e.getMessage());
            System.err.println(PeerOptions.usage(main, tuning));
            System.exit(2);
            return;
        }
        try {
            runUntilStopped(name, options, factory);
        } catch (Exception e) {
            System.err.println(Instant.now() + " ERROR " + name + " failed: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void runUntilStopped(
            String name, PeerOptions options, BiFunction<PeerOptions, HttpFirer, PeerScheduler> factory)
            throws Exception {
        HttpFirer firer = new HttpFirer(name, options.receiverPort(), options.timeout());
        StatusServer status = new StatusServer(options.statusPort(), firer);
        PeerScheduler scheduler = factory.apply(options, firer);
        try (Connection c = connect(options)) {
            scheduler.createSchema(c);
        }
        SettingsLog settings = new SettingsLog();
        settings.put("jobs", options.jobs(), "N every-second jobs = N fires/s offered");
        settings.put(
                "HTTP client",
                "java.net.http, HTTP/1.1 keep-alive, connect timeout 5 s",
                "one shared client; " + "the job's worker thread waits for the answer, as a user's job would");
        settings.put("request timeout", options.timeout().toMillis() + " ms", "the engine's default job timeout");
        settings.put("schedule chunk", options.scheduleChunk(), "jobs scheduled per call at start-up");
        scheduler.start(settings);
        settings.write(options.outDir());
        status.running();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                scheduler.stop();
                            } catch (Exception e) {
                                System.err.println(Instant.now() + " ERROR stopping " + name + ": " + e);
                            }
                            status.stop();
                            stopped.countDown();
                        },
                        "peer-shutdown"));

        long start = System.nanoTime();
        for (int from = 0; from < options.jobs(); from += options.scheduleChunk()) {
            int to = Math.min(options.jobs(), from + options.scheduleChunk());
            scheduler.schedule(from, to);
            status.scheduled(to);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        status.scheduleTook(seconds);
        System.out.println(String.format(
                Locale.ROOT, "%s INFO %s: scheduled %d jobs in %.1f s", Instant.now(), name, options.jobs(), seconds));
        System.out.flush();
        stopped.await();
    }

    static Connection connect(PeerOptions options) throws Exception {
        Properties props = new Properties();
        props.setProperty("user", options.dbUser());
        if (options.dbPassword() != null) {
            props.setProperty("password", options.dbPassword());
        }
        return DriverManager.getConnection(options.jdbcUrl(), props);
    }
}
