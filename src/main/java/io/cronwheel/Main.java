package io.cronwheel;

import io.cronwheel.config.ConfigException;
import io.cronwheel.config.ConfigLoader;
import io.cronwheel.config.CronwheelConfig;
import io.cronwheel.store.Database;
import io.cronwheel.time.SystemClock;
import java.net.BindException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point: read the configuration, open (and migrate) the database, start the engine, and stop
 * it gracefully on SIGTERM or SIGINT with exit code 0. Any start-up problem ends the process with
 * one line and exit code 1.
 */
public final class Main {
  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    System.setProperty(
        "vertx.logger-delegate-factory-class-name",
        "io.vertx.core.logging.SLF4JLogDelegateFactory");
    Database database = null;
    Engine engine;
    CronwheelConfig config = null;
    try {
      config = ConfigLoader.fromEnv(System.getenv());
      database = Database.open(config);
      config = config.withPartitions(database.partitions());
      engine = Engine.start(config, database.connectOptions(), SystemClock.INSTANCE).await();
    } catch (ConfigException e) {
      fail(e.getMessage(), database);
      return;
    } catch (Exception e) {
      fail(startupMessage(e, config), database);
      return;
    }
    awaitSignalThenStop(engine, database, config);
  }

  private static void awaitSignalThenStop(
      Engine engine, Database database, CronwheelConfig config) {
    CountDownLatch signalled = StopSignals.install();
    try {
      signalled.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    log.info(
        "shutting down: no new fires; waiting up to {} s for requests in flight",
        config.shutdownGrace().toSeconds());
    int exitCode = 0;
    try {
      engine.stop().await(config.shutdownGrace().toMillis() + 30_000, TimeUnit.MILLISECONDS);
      log.info("stopped cleanly");
    } catch (Exception e) {
      log.error("shutdown did not complete cleanly: {}", e.toString());
      exitCode = 1;
    } finally {
      database.close();
    }
    System.exit(exitCode);
  }

  private static String startupMessage(Exception e, CronwheelConfig config) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (message.contains("Address already in use") || e instanceof BindException) {
      return "cannot listen on "
          + config.httpHost()
          + ":"
          + config.httpPort()
          + " (CRONWHEEL_HTTP_HOST/CRONWHEEL_HTTP_PORT): address already in use";
    }
    return "start-up failed: " + message;
  }

  private static void fail(String message, Database database) {
    log.error("cronwheel cannot start: {}", message);
    if (database != null) {
      database.close();
    }
    System.exit(1);
  }
}
