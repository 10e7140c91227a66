package io.cronwheel.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts the two processes of a throughput run, each logging to the run's directory, and waits until each answers
 * {@code /health}: the receiver, and the scheduler (the engine's jar, or a peer's main from the peers' jar).
 */
final class RunProcesses {
    private final Settings settings;
    private final SchedulerKind scheduler;
    private final Http http;
    private final Path dir;
    private final Children children;
    private final DriverLog log;

    RunProcesses(Settings settings, SchedulerKind scheduler, Http http, Path dir, Children children, DriverLog log) {
        this.settings = settings;
        this.scheduler = scheduler;
        this.http = http;
        this.dir = dir;
        this.children = children;
        this.log = log;
    }

    Child startReceiver() throws Exception {
        int port = settings.receiver().port();
        List<String> command = settings.launch()
                .javaCommand(
                        settings.receiver().jvm(),
                        settings.launch().benchJar(),
                        "io.cronwheel.bench.Receiver",
                        List.of(
                                "--port",
                                Integer.toString(port),
                                "--out",
                                dir.toString(),
                                "--event-loops",
                                Integer.toString(settings.receiver().eventLoops())));
        Child receiver = children.add(Child.start("receiver", command, Map.of(), dir, dir.resolve("receiver.log")));
        http.awaitOk(receiver, port, "/health", 30);
        log.log("receiver up, pid " + receiver.pid() + ": " + String.join(" ", command));
        return receiver;
    }

    /** The scheduler's process, up and answering; a peer schedules its {@code jobs} itself right after that. */
    Child startScheduler(int jobs) throws Exception {
        return scheduler.isPeer() ? startPeer(jobs) : startEngine();
    }

    private Child startEngine() throws Exception {
        Map<String, String> env = settings.engine().environment(settings.db().bench());
        List<String> command = settings.launch().engineCommand(settings.engine().jvm());
        Child engine = children.add(Child.start("engine", command, env, dir, dir.resolve(scheduler.logFile())));
        http.awaitOk(engine, settings.engine().port(), "/health", 120);
        log.log("engine up, pid " + engine.pid() + ": " + String.join(" ", command) + " with " + env.keySet());
        return engine;
    }

    /**
     * A peer's main with the engine's JVM options, so that both get the same heap. Its status endpoint answers on the
     * engine's port.
     */
    private Child startPeer(int jobs) throws Exception {
        Pg.Url db = settings.db().bench();
        List<String> jvm = new ArrayList<>(settings.engine().jvm());
        jvm.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
        List<String> arguments = new ArrayList<>(List.of(
                "--jdbc-url",
                db.jdbc(),
                "--db-user",
                db.user(),
                "--jobs",
                Integer.toString(jobs),
                "--receiver-port",
                Integer.toString(settings.receiver().port()),
                "--port",
                Integer.toString(settings.engine().port()),
                "--out",
                dir.toString()));
        if (settings.workload().jobTimeoutMs() != null) {
            arguments.addAll(
                    List.of("--timeout-ms", Integer.toString(settings.workload().jobTimeoutMs())));
        }
        arguments.addAll(settings.engine().peerArgs(scheduler));
        List<String> command =
                settings.launch().javaCommand(jvm, settings.launch().peersJar(), scheduler.peerMain, arguments);
        Map<String, String> env = db.password() == null ? Map.of() : Map.of("BENCH_DB_PASSWORD", db.password());
        Child peer = children.add(Child.start(scheduler.id, command, env, dir, dir.resolve(scheduler.logFile())));
        http.awaitOk(peer, settings.engine().port(), "/health", 120);
        log.log(scheduler.label + " up, pid " + peer.pid() + ": " + String.join(" ", command));
        return peer;
    }
}
