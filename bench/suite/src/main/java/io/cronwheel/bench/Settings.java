package io.cronwheel.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Everything a throughput run needs besides its load (jobs, warm-up, duration). */
record Settings(
    Path benchJar,
    Path peersJar,
    Path engineJar,
    Path javaBin,
    Pg.Url adminDb,
    String dbName,
    List<String> engineJvm,
    Map<String, String> engineEnv,
    int enginePort,
    int receiverPort,
    int receiverEventLoops,
    List<String> receiverJvm,
    double amoFraction,
    int registerConcurrency,
    String stopMode,
    int countIntervalSeconds,
    int drainWaitSeconds,
    Integer jobTimeoutMs,
    double targetFiresPerSecond,
    double targetP99Ms,
    double targetP999Ms,
    double ceilingP99Ms,
    String commandLine,
    String workingDirectory,
    Map<SchedulerKind, List<String>> peerArgs) {

  /** Extra options for a peer's main ({@code --quartz-arg threads=20} becomes {@code --threads 20}). */
  List<String> peerArgs(SchedulerKind scheduler) {
    return peerArgs.getOrDefault(scheduler, List.of());
  }

  /** Whether job {@code index} is at-most-once: spreads {@code fraction} of the jobs evenly over the indexes. */
  boolean isAmo(int index) {
    return Math.floor((index + 1) * amoFraction) - Math.floor(index * amoFraction) >= 1;
  }
}
