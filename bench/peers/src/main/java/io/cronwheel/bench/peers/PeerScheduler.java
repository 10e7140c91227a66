package io.cronwheel.bench.peers;

import java.sql.Connection;

/** One peer scheduler, as {@link PeerRunner} drives it: schema, start, N every-second jobs, stop. */
interface PeerScheduler {
    /** Creates the scheduler's tables in the fresh, empty database. */
    void createSchema(Connection connection) throws Exception;

    /** Builds and starts the scheduler, recording each tuning choice and its reason in {@code settings}. */
    void start(SettingsLog settings) throws Exception;

    /** Schedules jobs {@code [from, to)}, each firing every second from the next whole second on. */
    void schedule(int from, int to) throws Exception;

    /** Stops the scheduler, letting running fires finish (bounded). */
    void stop() throws Exception;
}
