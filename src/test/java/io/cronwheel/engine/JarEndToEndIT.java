package io.cronwheel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronwheel.support.Api;
import io.cronwheel.support.PostgresFixture;
import io.cronwheel.support.RecordingReceiver;
import io.cronwheel.support.Waits;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The real fat jar as a user runs it: configured by environment variables, driven over HTTP,
 * stopped with SIGTERM. Checks that the first start prints an admin token that works, that a job
 * fires, that SIGTERM ends the process with exit code 0, and that every fire the receiver saw has
 * its execution row once the process is gone.
 */
class JarEndToEndIT {
  private static final Pattern PRINTED_TOKEN =
      Pattern.compile("shown only now: (cwt_[A-Za-z0-9_-]{43}) ");

  @Test
  void jar_firesJobsAndStopsCleanlyOnSigterm() throws Exception {
    PgConnectOptions db = PostgresFixture.get().newDatabase();
    int port = freePort();
    Path log = Files.createTempFile("cronwheel-e2e", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(javaBinary(), "-jar", jar().toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("CRONWHEEL_DB_URL", PostgresFixture.get().uri(db));
    builder.environment().put("CRONWHEEL_HTTP_PORT", Integer.toString(port));
    builder.environment().put("CRONWHEEL_HTTP_HOST", "127.0.0.1");
    Process engine = builder.start();
    try (RecordingReceiver receiver = RecordingReceiver.start()) {
      Waits.until(
          () -> healthy(new Api(port)),
          Duration.ofSeconds(60),
          () -> "engine never became healthy: " + read(log));
      // The newcomer's path: no token configured, so the first start prints an admin token once.
      Matcher printed = PRINTED_TOKEN.matcher(read(log));
      assertThat(printed.find()).as("the first start prints a token: " + read(log)).isTrue();
      Api api = new Api(port).as(printed.group(1));
      assertThat(new Api(port).anonymous().get("/api/v1/jobs").status()).isEqualTo(401);
      assertThat(api.get("/api/v1/whoami").json().getString("role")).isEqualTo("admin");
      JsonObject job =
          new JsonObject()
              .put("name", "e2e")
              .put("schedule", "* * * * * *")
              .put("target", new JsonObject().put("url", receiver.url("/e2e")));
      assertThat(api.post("/api/v1/jobs", job.encode()).status()).isEqualTo(201);
      receiver.awaitCount(r -> true, 3, Duration.ofSeconds(20));

      engine.destroy(); // SIGTERM
      assertThat(engine.waitFor(60, TimeUnit.SECONDS)).as("exited in time").isTrue();
      assertThat(engine.exitValue()).as(read(log)).isZero();

      int received = receiver.received().size();
      long recorded =
          PostgresFixture.get()
              .queryLong(db, "SELECT count(*) FROM executions WHERE status = 'SUCCEEDED'");
      assertThat(recorded).isEqualTo(received);
      assertThat(read(log)).contains("stopped cleanly");
    } finally {
      engine.destroyForcibly();
    }
  }

  private static boolean healthy(Api api) {
    try {
      return api.get("/health").status() == 200;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static Path jar() {
    Path jar = Path.of("target", "cronwheel.jar");
    assertThat(jar).as("run mvn package first").exists();
    return jar;
  }

  private static String javaBinary() {
    return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (Exception e) {
      return "(no log)";
    }
  }
}
