package io.cronwheel.store;

import io.cronwheel.config.ConfigException;
import io.cronwheel.config.CronwheelConfig;
import io.vertx.pgclient.PgConnectOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the engine's PostgreSQL is: the one named by {@code CRONWHEEL_DB_URL}, or an embedded
 * server started under the data directory. Opening it also migrates the schema. Blocking: call it
 * before any verticle is deployed.
 */
public final class Database implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Database.class);

  private final PgConnectOptions connectOptions;
  private final EmbeddedPostgres embedded;
  private int partitions;

  private Database(PgConnectOptions connectOptions, EmbeddedPostgres embedded) {
    this.connectOptions = connectOptions;
    this.embedded = embedded;
  }

  /**
   * Connects (starting the embedded server if no URL is configured), checks it answers, migrates
   * the schema and settles the partition count ({@link #prepare}).
   */
  public static Database open(CronwheelConfig config) {
    Database database =
        config.dbUrl().map(Database::external).orElseGet(() -> embedded(config.dataDir()));
    try {
      database.partitions = prepare(database.connectOptions, config);
      return database;
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  /** The partition count to run with: the database's own, fixed at its first start. */
  public int partitions() {
    return partitions;
  }

  public PgConnectOptions connectOptions() {
    return new PgConnectOptions(connectOptions);
  }

  private static String jdbcUrl(PgConnectOptions options) {
    return "jdbc:postgresql://"
        + options.getHost()
        + ":"
        + options.getPort()
        + "/"
        + options.getDatabase();
  }

  private static Database external(String url) {
    try {
      PgConnectOptions options =
          PgConnectOptions.fromUri(url.replaceFirst("^postgres://", "postgresql://"));
      return new Database(options, null);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("CRONWHEEL_DB_URL cannot be parsed: " + e.getMessage());
    }
  }

  private static Database embedded(Path dataDir) {
    Path pgData = dataDir.toAbsolutePath().resolve("postgres");
    try {
      Files.createDirectories(pgData);
      EmbeddedPostgres pg =
          EmbeddedPostgres.builder()
              .setDataDirectory(pgData)
              .setCleanDataDirectory(false)
              .setServerConfig("listen_addresses", "127.0.0.1")
              .setPGStartupWait(Duration.ofSeconds(60))
              .start();
      log.info("embedded PostgreSQL started on 127.0.0.1:{} with data in {}", pg.getPort(), pgData);
      PgConnectOptions options =
          new PgConnectOptions()
              .setHost("127.0.0.1")
              .setPort(pg.getPort())
              .setDatabase("postgres")
              .setUser("postgres");
      return new Database(options, pg);
    } catch (IOException | RuntimeException e) {
      throw new ConfigException(
          "cannot start embedded PostgreSQL in " + pgData + ": " + rootMessage(e));
    }
  }

  /**
   * Checks the database answers, migrates its schema and settles its partition count ({@link
   * PartitionLayout}); returns the count to run with. Blocking JDBC: start-up only.
   */
  public static int prepare(PgConnectOptions options, CronwheelConfig config) {
    String url = jdbcUrl(options);
    try (Connection probe =
        DriverManager.getConnection(url, options.getUser(), options.getPassword())) {
      probe.isValid(5);
    } catch (SQLException e) {
      throw new ConfigException(
          "database unreachable at "
              + options.getHost()
              + ":"
              + options.getPort()
              + "/"
              + options.getDatabase()
              + ": "
              + rootMessage(e));
    }
    try {
      var result =
          Flyway.configure()
              .dataSource(url, options.getUser(), options.getPassword())
              .load()
              .migrate();
      log.info(
          "schema at version {} ({} migration(s) applied)",
          result.targetSchemaVersion,
          result.migrationsExecuted);
    } catch (FlywayException e) {
      throw new ConfigException("schema migration failed: " + rootMessage(e));
    }
    try (Connection db =
        DriverManager.getConnection(url, options.getUser(), options.getPassword())) {
      return PartitionLayout.resolve(
          db, config.partitions(), config.partitionsExplicit(), config.repartition());
    } catch (SQLException e) {
      throw new ConfigException("cannot read the partition layout: " + rootMessage(e));
    }
  }

  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  @Override
  public void close() {
    if (embedded != null) {
      try {
        embedded.close();
      } catch (IOException e) {
        log.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
      }
    }
  }
}
