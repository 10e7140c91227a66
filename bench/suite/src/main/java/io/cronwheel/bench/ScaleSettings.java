package io.cronwheel.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything one scale run needs: where things are, the job mix, the API load and the two targets.
 *
 * @param engineJvm options for the engine's JVM; empty means the JVM's own defaults (the measured configuration)
 * @param receiverPort the receiver of the every-second jobs (drift and missed fires are measured there)
 * @param backgroundPort a second receiver for the minutely and daily jobs, so their fires do not mix with the
 *     every-second jobs' drift
 * @param durationSeconds the measurement window after the load: fires and API requests while loaded
 */
record ScaleSettings(
    Path benchJar,
    Path engineJar,
    Path javaBin,
    Pg.Url adminDb,
    String dbName,
    boolean keepDb,
    List<String> engineJvm,
    Map<String, String> engineEnv,
    int enginePort,
    int receiverPort,
    int backgroundPort,
    JobMix mix,
    int durationSeconds,
    int startupLimitSeconds,
    int apiRequests,
    int apiConcurrency,
    int listLimit,
    double targetHeapMib,
    double targetStartupSeconds,
    String commandLine,
    String workingDirectory) {

  Pg.Url benchDb() {
    return adminDb.withDatabase(dbName);
  }
}
