package io.cronwheel.support;

import io.vertx.pgclient.PgConnectOptions;
import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real engine jar in its own process, as a user runs it: for tests that kill, restart and
 * signal it.
 */
public final class EngineProcess implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final int port;

  private EngineProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  public static EngineProcess start(PgConnectOptions db, Map<String, String> env) throws Exception {
    int port = freePort();
    Path log = Files.createTempFile("cronwheel-engine", ".log");
    // Another build of the engine can be run instead (to show a test fails on an older one).
    Path jar = Path.of(System.getProperty("cronwheel.engine.jar", "target/cronwheel.jar"));
    if (!Files.exists(jar)) {
      throw new IllegalStateException("target/cronwheel.jar is missing: run mvn package first");
    }
    String java =
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    ProcessBuilder builder =
        new ProcessBuilder(java, "-Xmx512m", "-jar", jar.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("CRONWHEEL_DB_URL", PostgresFixture.get().uri(db));
    builder.environment().put("CRONWHEEL_HTTP_PORT", Integer.toString(port));
    builder.environment().put("CRONWHEEL_HTTP_HOST", "127.0.0.1");
    builder.environment().put("CRONWHEEL_ADMIN_TOKEN", Api.ADMIN_TOKEN);
    builder.environment().putAll(env);
    EngineProcess engine = new EngineProcess(builder.start(), log, port);
    Api api = engine.api();
    Waits.until(
        () -> engine.healthy(api),
        Duration.ofSeconds(60),
        () -> "engine not healthy: " + engine.log());
    return engine;
  }

  public Api api() {
    return new Api(port);
  }

  public long pid() {
    return process.pid();
  }

  /** SIGKILL: no shutdown hook, no flush, nothing. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM, then the exit code. */
  public int terminate(Duration timeout) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("engine did not exit within " + timeout + ": " + log());
    }
    return process.exitValue();
  }

  /** SIGSTOP: the process freezes (a GC pause, a stalled VM), holding its sockets open. */
  public void pause() throws Exception {
    signal("-STOP");
  }

  /** SIGCONT after {@link #pause}. */
  public void resume() throws Exception {
    signal("-CONT");
  }

  private void signal(String signal) throws Exception {
    new ProcessBuilder("kill", signal, Long.toString(process.pid())).start().waitFor();
  }

  public String log() {
    try {
      return Files.readString(log);
    } catch (Exception e) {
      return "(no log)";
    }
  }

  private boolean healthy(Api api) {
    if (!process.isAlive()) {
      throw new AssertionError("engine exited: " + log());
    }
    try {
      return api.get("/health").status() == 200;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
