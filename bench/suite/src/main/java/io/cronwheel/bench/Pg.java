package io.cronwheel.bench;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/** PostgreSQL helpers over JDBC, taking the engine's {@code postgresql://user:pass@host:port/db} URIs. */
final class Pg {
    private static final Pattern DB_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private Pg() {}

    /** A parsed {@code postgresql://} URI. */
    record Url(String user, String password, String host, int port, String database, String query) {
        static Url parse(String uri) {
            String normalized = uri.replaceFirst("^postgres://", "postgresql://");
            if (!normalized.startsWith("postgresql://")) {
                throw new IllegalArgumentException("not a postgresql:// URL: " + uri);
            }
            URI parsed = URI.create(normalized);
            String user = "postgres";
            String password = null;
            String userInfo = parsed.getRawUserInfo();
            if (userInfo != null && !userInfo.isEmpty()) {
                int colon = userInfo.indexOf(':');
                user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
                password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
            }
            String host = parsed.getHost() == null ? "127.0.0.1" : parsed.getHost();
            int port = parsed.getPort() < 0 ? 5432 : parsed.getPort();
            String path = parsed.getRawPath();
            String database = path == null || path.length() <= 1 ? "postgres" : decode(path.substring(1));
            return new Url(user, password, host, port, database, parsed.getRawQuery());
        }

        Url withDatabase(String db) {
            return new Url(user, password, host, port, db, query);
        }

        /** The engine's form: {@code postgresql://user[:pass]@host:port/db[?query]}. */
        String uri() {
            StringBuilder s = new StringBuilder("postgresql://").append(encode(user));
            if (password != null) {
                s.append(':').append(encode(password));
            }
            s.append('@').append(host).append(':').append(port).append('/').append(database);
            if (query != null && !query.isEmpty()) {
                s.append('?').append(query);
            }
            return s.toString();
        }

        /** The URI with the password masked, for reports and logs. */
        String display() {
            return password == null ? uri() : uri().replace(":" + encode(password) + "@", ":***@");
        }

        String jdbc() {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }

        boolean isLocal() {
            return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1") || host.equals("[::1]");
        }

        Connection connect() throws SQLException {
            Properties props = new Properties();
            props.setProperty("user", user);
            if (password != null) {
                props.setProperty("password", password);
            }
            props.setProperty("connectTimeout", "5");
            props.setProperty("ApplicationName", "cronwheel-bench");
            return DriverManager.getConnection(jdbc(), props);
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Checks the server answers; if it does not and it is the local default, tries {@code pg_ctlcluster <ver> <name>
     * start} for the clusters {@code pg_lsclusters} lists as down, then waits up to 30 s.
     */
    static void ensureServer(Url admin, Consumer<String> log) throws Exception {
        if (answers(admin)) {
            return;
        }
        if (!admin.isLocal()) {
            throw new IllegalStateException("PostgreSQL at " + admin.display() + " does not answer");
        }
        log.accept("PostgreSQL at " + admin.display() + " does not answer; trying pg_ctlcluster ... start");
        List<String[]> down = new ArrayList<>();
        try {
            Process ls = new ProcessBuilder("pg_lsclusters", "-h")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(ls.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            ls.waitFor(10, TimeUnit.SECONDS);
            for (String line : out.split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 4 && f[2].equals(Integer.toString(admin.port())) && !f[3].equals("online")) {
                    down.add(new String[] {f[0], f[1]});
                }
            }
        } catch (Exception e) {
            log.accept("pg_lsclusters failed: " + e.getMessage());
        }
        if (down.isEmpty()) {
            down.add(new String[] {"15", "main"});
        }
        for (String[] cluster : down) {
            Process p = new ProcessBuilder("pg_ctlcluster", cluster[0], cluster[1], "start")
                    .inheritIO()
                    .start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (answers(admin)) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("PostgreSQL at " + admin.display() + " still does not answer after start");
    }

    private static boolean answers(Url url) {
        try (Connection c = url.connect();
                Statement s = c.createStatement()) {
            s.execute("SELECT 1");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** Drops (terminating its sessions) and creates {@code db} on the server of {@code admin}. */
    static void recreateDatabase(Url admin, String db) throws SQLException {
        if (!DB_NAME.matcher(db).matches()) {
            throw new IllegalArgumentException("database name must match " + DB_NAME + ": " + db);
        }
        if (admin.database().equals(db)) {
            throw new IllegalArgumentException("--db-url must name another database than the benchmark's own (" + db
                    + "): it is used to drop and create it");
        }
        dropDatabase(admin, db);
        try (Connection c = admin.connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + db);
        }
    }

    /**
     * Rows written so far to each table of the database, {@code {inserts, updates, deletes}} by table name, from
     * pg_stat_user_tables (counted since the database was created; PostgreSQL publishes them with up to a second or so
     * of delay).
     */
    static Map<String, long[]> tableWrites(Url url) throws SQLException {
        Map<String, long[]> writes = new TreeMap<>();
        try (Connection c = url.connect();
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT relname, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_user_tables")) {
            while (rs.next()) {
                writes.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4)});
            }
        }
        return writes;
    }

    /** Drops {@code db} (terminating its sessions) on the server of {@code admin}, if it exists. */
    static void dropDatabase(Url admin, String db) throws SQLException {
        if (!DB_NAME.matcher(db).matches() || admin.database().equals(db)) {
            throw new IllegalArgumentException("will not drop database " + db);
        }
        try (Connection c = admin.connect();
                Statement s = c.createStatement()) {
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db + "' AND pid <> "
                    + "pg_backend_pid()");
            s.execute("DROP DATABASE IF EXISTS " + db);
        }
    }

    static String version(Url url) throws SQLException {
        try (Connection c = url.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT version()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** The server's settings {@code names} as "name=value, ..." ("?" for one it does not answer). */
    static String settings(Url url, String... names) throws SQLException {
        StringBuilder text = new StringBuilder();
        try (Connection c = url.connect();
                Statement s = c.createStatement()) {
            for (String name : names) {
                String value;
                try (ResultSet rs = s.executeQuery("SHOW " + name)) {
                    rs.next();
                    value = rs.getString(1);
                } catch (SQLException e) {
                    value = "?";
                }
                text.append(text.length() == 0 ? "" : ", ")
                        .append(name)
                        .append('=')
                        .append(value);
            }
        }
        return text.toString();
    }
}
