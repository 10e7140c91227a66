package io.cronwheel.support;

import io.vertx.pgclient.PgConnectOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * One real PostgreSQL per test JVM, chosen in this order: Testcontainers when a Docker engine
 * answers, else the server named by {@code CRONWHEEL_TEST_DB_URL}, else an embedded server. The
 * schema is migrated once into a template; each caller of {@link #newDatabase()} gets a fresh
 * database cloned from it, so tests never share rows. Test databases use a non-UTC session time
 * zone on purpose: the engine must not depend on the server's.
 */
public final class PostgresFixture {
  private static final Logger log = LoggerFactory.getLogger(PostgresFixture.class);
  private static final String TEMPLATE = "cw_template_" + Long.toHexString(System.nanoTime());
  private static PostgresFixture instance;

  private final String host;
  private final int port;
  private final String user;
  private final String password;
  private final String adminDatabase;

  private PostgresFixture(
      String host, int port, String user, String password, String adminDatabase) {
    this.host = host;
    this.port = port;
    this.user = user;
    this.password = password;
    this.adminDatabase = adminDatabase;
  }

  public static synchronized PostgresFixture get() {
    if (instance == null) {
      instance = start();
      instance.createTemplate();
    }
    return instance;
  }

  private static PostgresFixture start() {
    if (dockerAvailable()) {
      PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:15-alpine");
      container.start();
      log.info("PostgresFixture: Testcontainers {}", container.getJdbcUrl());
      return new PostgresFixture(
          container.getHost(),
          container.getFirstMappedPort(),
          container.getUsername(),
          container.getPassword(),
          container.getDatabaseName());
    }
    String url = System.getenv("CRONWHEEL_TEST_DB_URL");
    if (url != null && !url.isBlank()) {
      URI uri = URI.create(url.replaceFirst("^postgres://", "postgresql://"));
      String[] credentials =
          uri.getUserInfo() == null
              ? new String[] {"postgres", ""}
              : uri.getUserInfo().split(":", 2);
      String db =
          uri.getPath() == null || uri.getPath().length() <= 1
              ? "postgres"
              : uri.getPath().substring(1);
      log.info("PostgresFixture: CRONWHEEL_TEST_DB_URL {}:{}/{}", uri.getHost(), uri.getPort(), db);
      return new PostgresFixture(
          uri.getHost(),
          uri.getPort() < 0 ? 5432 : uri.getPort(),
          credentials[0],
          credentials.length > 1 ? credentials[1] : "",
          db);
    }
    try {
      EmbeddedPostgres pg =
          EmbeddedPostgres.builder()
              .setServerConfig("listen_addresses", "127.0.0.1")
              .setServerConfig("fsync", "off")
              .setServerConfig("synchronous_commit", "off")
              .setServerConfig("max_connections", "300")
              .start();
      log.info("PostgresFixture: embedded PostgreSQL on port {}", pg.getPort());
      return new PostgresFixture("127.0.0.1", pg.getPort(), "postgres", "", "postgres");
    } catch (Exception e) {
      throw new IllegalStateException("cannot start embedded PostgreSQL", e);
    }
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (Throwable t) {
      return false;
    }
  }

  private void createTemplate() {
    admin("CREATE DATABASE " + TEMPLATE);
    Flyway.configure().dataSource(jdbcUrl(TEMPLATE), user, password).load().migrate();
  }

  /** A new, migrated, empty database; returns options to connect to it. */
  public PgConnectOptions newDatabase() {
    String name = "cw_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    admin("CREATE DATABASE " + name + " TEMPLATE " + TEMPLATE);
    admin("ALTER DATABASE " + name + " SET timezone TO 'Asia/Kolkata'");
    return new PgConnectOptions()
        .setHost(host)
        .setPort(port)
        .setUser(user)
        .setPassword(password)
        .setDatabase(name);
  }

  /** A new database with no schema at all, for migration tests. */
  public PgConnectOptions newEmptyDatabase() {
    String name = "cw_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    admin("CREATE DATABASE " + name);
    return new PgConnectOptions()
        .setHost(host)
        .setPort(port)
        .setUser(user)
        .setPassword(password)
        .setDatabase(name);
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  /** The engine's CRONWHEEL_DB_URL for these options (their host and port: a proxy's, say). */
  public String uri(PgConnectOptions options) {
    String credentials = password == null || password.isEmpty() ? user : user + ":" + password;
    return "postgresql://"
        + credentials
        + "@"
        + options.getHost()
        + ":"
        + options.getPort()
        + "/"
        + options.getDatabase();
  }

  /** A JDBC connection to the given database (test set-up and checks only). */
  public Connection connect(PgConnectOptions options) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(options.getDatabase()), user, password);
  }

  /** Runs a statement over JDBC against the given database (test set-up and checks only). */
  public long queryLong(PgConnectOptions options, String sql) {
    try (Connection c =
            DriverManager.getConnection(jdbcUrl(options.getDatabase()), user, password);
        Statement s = c.createStatement();
        var rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /** The first column of the first row, as text (test checks only). */
  public String queryString(PgConnectOptions options, String sql) {
    try (Connection c =
            DriverManager.getConnection(jdbcUrl(options.getDatabase()), user, password);
        Statement s = c.createStatement();
        var rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /** Runs a statement over JDBC against the given database (test set-up only). */
  public void execute(PgConnectOptions options, String sql) {
    try (Connection c =
            DriverManager.getConnection(jdbcUrl(options.getDatabase()), user, password);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  private void admin(String sql) {
    try (Connection c = DriverManager.getConnection(jdbcUrl(adminDatabase), user, password);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }
}
