package io.cronwheel.bench;

import java.util.Locale;

/**
 * The scheduler a throughput run drives: cronwheel's engine jar, or one of its peers from the peers' jar
 * ({@code io.cronwheel.bench.peers}, built beside this one), each fed the same N every-second jobs and measured by
 * the same receiver.
 */
enum SchedulerKind {
    CRONWHEEL("cronwheel", "engine", null),
    QUARTZ("quartz", "Quartz", "io.cronwheel.bench.peers.QuartzPeer"),
    DB_SCHEDULER("db-scheduler", "db-scheduler", "io.cronwheel.bench.peers.DbSchedulerPeer");

    /** The name on the command line and in directory names. */
    final String id;
    /** What reports call its process ("engine CPU", "Quartz CPU"). */
    final String label;
    /** The peer's main class, or null for the engine jar. */
    final String peerMain;

    SchedulerKind(String id, String label, String peerMain) {
        this.id = id;
        this.label = label;
        this.peerMain = peerMain;
    }

    static SchedulerKind parse(String id) {
        for (SchedulerKind kind : values()) {
            if (kind.id.equals(id.trim().toLowerCase(Locale.ROOT))) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown scheduler '" + id + "': cronwheel, quartz or db-scheduler");
    }

    boolean isPeer() {
        return peerMain != null;
    }

    /** The counter of first attempts in its /metrics. */
    String firesMetric() {
        return isPeer() ? "peer_fires_total" : "cronwheel_fires_total";
    }

    String inflightMetric() {
        return isPeer() ? "peer_requests_inflight" : "cronwheel_requests_inflight";
    }

    /** Its log file in the run's directory. */
    String logFile() {
        return isPeer() ? id + ".log" : "engine.log";
    }

    /** A title-case name for headings: "cronwheel", "Quartz", "db-scheduler". */
    String title() {
        return isPeer() ? label : id;
    }
}
