package io.cronwheel.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Every {@code intervalSeconds}, on a thread of its own, an exact {@code count(*)} of {@code executions}: the rows
 * really there, as opposed to pg_stat's counters of rows written. Stops by itself at its deadline.
 */
final class RowCounter {
    /** One count: when it started, the rows, how long it took. */
    record Count(long epochMillis, long rows, long elapsedMillis) {}

    private final Pg.Url db;
    private final int intervalSeconds;
    private final DriverLog log;
    private final List<Count> counts = new ArrayList<>();
    private volatile boolean stopped;
    private Thread thread;

    RowCounter(Pg.Url db, int intervalSeconds, DriverLog log) {
        this.db = db;
        this.intervalSeconds = intervalSeconds;
        this.log = log;
    }

    void start(long deadlineMillis) {
        thread = Daemons.start("row-counter", () -> countUntil(deadlineMillis));
    }

    void stop() {
        stopped = true;
        Daemons.stop(thread, 15_000);
    }

    synchronized List<Count> counts() {
        return new ArrayList<>(counts);
    }

    private void countUntil(long deadlineMillis) {
        try (Connection connection = db.connect();
                Statement statement = connection.createStatement()) {
            // one core at most, so the count disturbs the engine's database as little as possible
            statement.execute("SET max_parallel_workers_per_gather = 0");
            statement.execute("SET statement_timeout = '20s'");
            long next = (System.currentTimeMillis() / 1000 + 1) * 1000 + 250;
            while (!stopped && System.currentTimeMillis() < deadlineMillis) {
                if (!Daemons.sleepUntil(next) || stopped) {
                    break;
                }
                next += intervalSeconds * 1000L;
                long start = System.currentTimeMillis();
                try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM executions")) {
                    rs.next();
                    long rows = rs.getLong(1);
                    synchronized (this) {
                        counts.add(new Count(start, rows, System.currentTimeMillis() - start));
                    }
                } catch (SQLException e) {
                    log.log("row count failed: " + e.getMessage());
                }
                while (next < System.currentTimeMillis()) {
                    next += intervalSeconds * 1000L;
                }
            }
        } catch (SQLException e) {
            log.log("row counter: no database connection: " + e.getMessage());
        }
    }
}
