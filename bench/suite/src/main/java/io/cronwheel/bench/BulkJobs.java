package io.cronwheel.bench;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Registers a scale run's jobs fast and faithfully: one template job per kind goes through the REST API, so its row
 * holds exactly what the API stores (validated spec, target and retry documents, defaults); then PostgreSQL copies
 * each template with {@code INSERT ... SELECT generate_series}, changing only the id (a version-7 UUID like the
 * API's), the name, the schedule, the target URL and the timestamps.
 */
final class BulkJobs {
    static final String SECOND_PREFIX = "scale-sec-";
    static final String MINUTE_PREFIX = "scale-min-";
    static final String DAY_PREFIX = "scale-day-";
    private static final int CHUNK = 100_000;
    private static final String COLUMNS = "id, name, schedule, timezone, execution_type, target, timeout_ms, retry, "
            + "active, deleted_at, created_at, updated_at, version, misfire_policy, catch_up_window_ms, overlap_policy, "
            + "alert_webhook";
    /** A version-7 UUID from epoch millis {@code ms} and the md5 hex {@code h}: 48 bits of time, version, variant. */
    private static final String UUID_V7 = "(lpad(to_hex(s.ms), 12, '0') || '7' || substr(s.h, 1, 3) "
            + "|| substr('89ab', get_byte(decode(substr(s.h, 4, 2), 'hex'), 0) % 4 + 1, 1) || substr(s.h, 6, 15))::uuid";

    /** One template per kind, as created through the API. */
    record Templates(String everySecondId, String minutelyId, String dailyId) {}

    private final ScaleSettings settings;
    private final Consumer<String> log;

    BulkJobs(ScaleSettings settings, Consumer<String> log) {
        this.settings = settings;
        this.log = log;
    }

    /** The API's create request for job {@code name}; every kind carries the same header and small JSON body. */
    static JsonObject jobRequest(String name, String schedule, String url) {
        return new JsonObject()
                .put("name", name)
                .put("schedule", schedule)
                .put("timezone", "UTC")
                .put(
                        "target",
                        new JsonObject()
                                .put("url", url)
                                .put("method", "POST")
                                .put("headers", new JsonObject().put("X-Tenant", "scale"))
                                .put("body", new JsonObject().put("source", "cronwheel-scale")));
    }

    String everySecondUrl(int index) {
        return "http://" + Http.HOST + ":" + settings.load().receiverPort() + "/alo/" + index;
    }

    String backgroundUrl(String kind) {
        return "http://" + Http.HOST + ":" + settings.load().backgroundPort() + "/" + kind + "/";
    }

    Templates createTemplates(Http http) throws Exception {
        JobMix mix = settings.mix();
        String second = create(http, jobRequest(SECOND_PREFIX + 0, "* * * * * *", everySecondUrl(0)));
        String minute =
                create(http, jobRequest(MINUTE_PREFIX + 0, JobMix.minutelySchedule(0), backgroundUrl("minute") + 0));
        String day = create(http, jobRequest(DAY_PREFIX + 0, mix.dailySchedule(0), backgroundUrl("daily") + 0));
        return new Templates(second, minute, day);
    }

    private String create(Http http, JsonObject request) throws Exception {
        HttpResponse<Buffer> response =
                http.call(HttpMethod.POST, settings.engine().port(), "/api/v1/jobs", request, 30_000);
        if (response.statusCode() != 201) {
            throw new IllegalStateException("creating template " + request.getString("name") + " answered "
                    + response.statusCode() + ": " + response.bodyAsString());
        }
        return response.bodyAsJsonObject().getString("id");
    }

    /** Copies the templates up to the mix's counts; returns the rows inserted. */
    long cloneTemplates(Connection c, Templates templates, String seed) throws SQLException {
        JobMix mix = settings.mix();
        try (Statement s = c.createStatement()) {
            s.execute("SET synchronous_commit = off");
        }
        long rows = 0;
        rows += cloneKind(
                c,
                templates.everySecondId(),
                mix.everySecond(),
                SECOND_PREFIX,
                "t.schedule",
                "replace(t.target->>'url', '/alo/0', '/alo/' || s.g)",
                seed);
        rows += cloneKind(
                c,
                templates.minutelyId(),
                mix.minutely(),
                MINUTE_PREFIX,
                "(s.g % 60) || ' * * * * *'",
                "replace(t.target->>'url', '/minute/0', '/minute/' || s.g)",
                seed);
        String sod = "(s.g % " + mix.dailyTimes() + " * " + mix.dailyStepSeconds() + ")";
        rows += cloneKind(
                c,
                templates.dailyId(),
                mix.daily(),
                DAY_PREFIX,
                sod + " % 60 || ' ' || " + sod + " / 60 % 60 || ' ' || " + sod + " / 3600 || ' * * *'",
                "replace(t.target->>'url', '/daily/0', '/daily/' || s.g)",
                seed);
        try (Statement s = c.createStatement()) {
            s.execute("ANALYZE jobs");
        }
        verify(c);
        return rows;
    }

    /** Inserts copies 1..count-1 of the template (copy 0 is the template), in chunks. */
    private long cloneKind(
            Connection c, String templateId, int count, String prefix, String scheduleSql, String urlSql, String seed)
            throws SQLException {
        String sql = "INSERT INTO jobs (" + COLUMNS + ") SELECT " + UUID_V7 + ", '" + prefix + "' || s.g, "
                + scheduleSql + ", t.timezone, t.execution_type, jsonb_set(t.target, '{url}', to_jsonb(" + urlSql
                + ")), "
                + "t.timeout_ms, t.retry, t.active, NULL, to_timestamp(s.ms / 1000.0), to_timestamp(s.ms / 1000.0), 1, "
                + "t.misfire_policy, t.catch_up_window_ms, t.overlap_policy, t.alert_webhook "
                + "FROM jobs t, LATERAL (SELECT g, (extract(epoch FROM t.created_at) * 1000)::bigint - ? + g AS ms, "
                + "md5(? || ':' || g) AS h FROM generate_series(?, ?) g) s WHERE t.id = ?::uuid";
        long inserted = 0;
        try (PreparedStatement insert = c.prepareStatement(sql)) {
            for (int from = 1; from < count; from += CHUNK) {
                int to = Math.min(count - 1, from + CHUNK - 1);
                insert.setLong(1, count);
                insert.setString(2, seed + prefix);
                insert.setInt(3, from);
                insert.setInt(4, to);
                insert.setString(5, templateId);
                inserted += insert.executeUpdate();
                log.accept(String.format("  %s: %,d of %,d", prefix + "*", to + 1, count));
            }
        }
        return inserted;
    }

    /** Checks the count and that SQL numbered the schedules as {@link JobMix} does. */
    private void verify(Connection c) throws SQLException {
        JobMix mix = settings.mix();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM jobs WHERE active AND deleted_at IS NULL")) {
            rs.next();
            if (rs.getLong(1) != mix.total()) {
                throw new IllegalStateException("expected " + mix.total() + " scheduled jobs, found " + rs.getLong(1));
            }
        }
        int probe = Math.min(mix.daily() - 1, 90_061);
        try (PreparedStatement p = c.prepareStatement("SELECT schedule, target->>'url' FROM jobs WHERE name = ?")) {
            p.setString(1, DAY_PREFIX + probe);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()
                        || !rs.getString(1).equals(mix.dailySchedule(probe))
                        || !rs.getString(2).equals(backgroundUrl("daily") + probe)) {
                    throw new IllegalStateException("bulk-loaded daily job " + probe + " is not as expected");
                }
            }
        }
    }

    /** Picks {@code count} random jobs (id and name), for the API requests. */
    static List<String[]> sample(Connection c, int count) throws SQLException {
        List<String[]> picked = new ArrayList<>(count);
        try (PreparedStatement p = c.prepareStatement("SELECT id::text, name FROM jobs ORDER BY random() LIMIT ?")) {
            p.setInt(1, count);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    picked.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
        }
        return picked;
    }
}
