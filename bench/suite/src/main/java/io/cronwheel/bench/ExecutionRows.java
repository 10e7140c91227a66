package io.cronwheel.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;

/**
 * The engine's {@code executions} rows of the window into the result: rows by delivery type and status, the
 * engine's own drift percentiles ({@code percentile_cont} over {@code drift_ms}), jobs with fewer rows than
 * seconds, the commonest errors, and the engine's p99 per scheduled second for the chart. Only cronwheel keeps
 * such a history.
 */
final class ExecutionRows {
    private static final Set<String> FINAL_STATUSES = Set.of("SUCCEEDED", "FAILED", "SKIPPED", "MISSED");
    private static final String WINDOW = "e.trigger_kind = 'SCHEDULED' AND e.scheduled_at >= to_timestamp(?) AND "
            + "e.scheduled_at < to_timestamp(?)";

    private ExecutionRows() {}

    static void apply(Pg.Url db, int drainWaitSeconds, RunResult result) throws SQLException {
        try (Connection c = db.connect()) {
            try (Statement s = c.createStatement()) {
                s.execute("SET statement_timeout = '300s'");
            }
            byStatus(c, result);
            drift(c, result);
            try (PreparedStatement ps = window(
                    c,
                    "SELECT count(*) FROM (SELECT e.job_id FROM executions e WHERE " + WINDOW
                            + " GROUP BY 1 HAVING count(*) < ?) t",
                    result)) {
                ps.setLong(3, result.durationSeconds);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    result.jobsWithFewerRows = rs.getLong(1);
                }
            }
            try (PreparedStatement ps = window(
                            c,
                            "SELECT e.status, coalesce(e.error, ''), count(*) FROM executions e " + "WHERE " + WINDOW
                                    + " AND e.status <> 'SUCCEEDED' GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 8",
                            result);
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.dbErrorSamples.add(
                            rs.getLong(3) + " x " + rs.getString(1) + ": " + Fmt.truncate(rs.getString(2), 300));
                }
            }
            p99BySecond(c, drainWaitSeconds, result);
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM executions")) {
                rs.next();
                result.rowsTotal = rs.getLong(1);
            }
        }
    }

    /** A statement over the window's rows: its first two parameters are t0 and t1. */
    private static PreparedStatement window(Connection c, String sql, RunResult result) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        ps.setLong(1, result.t0);
        ps.setLong(2, result.t1);
        return ps;
    }

    private static void byStatus(Connection c, RunResult result) throws SQLException {
        long rows = 0;
        long succeeded = 0;
        long nonFinal = 0;
        try (PreparedStatement ps = window(
                        c,
                        "SELECT j.execution_type, e.status, count(*) FROM executions e JOIN jobs j "
                                + "ON j.id = e.job_id WHERE " + WINDOW + " GROUP BY 1, 2 ORDER BY 1, 2",
                        result);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String status = rs.getString(2);
                long count = rs.getLong(3);
                result.rowsByTypeAndStatus.put(rs.getString(1) + " " + status, count);
                rows += count;
                if (status.equals("SUCCEEDED")) {
                    succeeded += count;
                }
                if (!FINAL_STATUSES.contains(status)) {
                    nonFinal += count;
                }
            }
        }
        result.rowsInWindow = rows;
        result.succeededRows = succeeded;
        result.nonFinalRows = nonFinal;
    }

    private static void drift(Connection c, RunResult result) throws SQLException {
        try (PreparedStatement ps = window(
                        c,
                        "SELECT percentile_cont(ARRAY[0.5, 0.9, 0.99, 0.999]) WITHIN GROUP "
                                + "(ORDER BY e.drift_ms), max(e.drift_ms) FROM executions e WHERE " + WINDOW
                                + " AND e.drift_ms IS NOT NULL",
                        result);
                ResultSet rs = ps.executeQuery()) {
            if (rs.next() && rs.getArray(1) != null) {
                Object[] q = (Object[]) rs.getArray(1).getArray();
                result.dbP50 = ((Number) q[0]).doubleValue();
                result.dbP90 = ((Number) q[1]).doubleValue();
                result.dbP99 = ((Number) q[2]).doubleValue();
                result.dbP999 = ((Number) q[3]).doubleValue();
                result.dbMax = rs.getDouble(2);
            }
        }
    }

    /** The engine's p99 per scheduled second over the whole run, registration and drain included, for the chart. */
    private static void p99BySecond(Connection c, int drainWaitSeconds, RunResult result) throws SQLException {
        long from = result.registrationStart > 0 ? result.registrationStart : result.t0;
        try (PreparedStatement ps = c.prepareStatement("SELECT floor(extract(epoch FROM e.scheduled_at))::bigint, "
                + "percentile_cont(0.99) WITHIN GROUP (ORDER BY e.drift_ms) FROM executions e WHERE " + WINDOW
                + " AND e.drift_ms IS NOT NULL GROUP BY 1 ORDER BY 1")) {
            ps.setLong(1, from);
            ps.setLong(2, result.t1 + drainWaitSeconds);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.dbP99BySecond.put(rs.getLong(1), rs.getDouble(2));
                }
            }
        }
    }
}
