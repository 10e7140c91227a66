package io.cronwheel.guarantees;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronwheel.Engine;
import io.cronwheel.support.Api;
import io.cronwheel.support.EngineFixture;
import io.cronwheel.support.PostgresFixture;
import io.cronwheel.support.RecordingReceiver;
import io.cronwheel.support.RecordingReceiver.Received;
import io.cronwheel.support.RecordingReceiver.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Promises 4 and 5 together: one target host hangs while at its per-host cap; another host's fires
 * must stay on time, whatever waits for the hanging one.
 */
class SlowHostIsolationIT {
  private static final Logger log = LoggerFactory.getLogger(SlowHostIsolationIT.class);
  private static final int JOBS_PER_HOST = 20;
  private static final Duration WINDOW = Duration.ofSeconds(15);

  @Test
  void hangingHostAtItsCap_doesNotHoldUpAHealthyHost() throws Exception {
    try (RecordingReceiver hanging = RecordingReceiver.start();
        RecordingReceiver healthy = RecordingReceiver.start()) {
      hanging.respond(r -> Reply.never());
      Engine engine = EngineFixture.start(PostgresFixture.get().newDatabase());
      try {
        Api api = new Api(engine.port());
        assertThat(api.put("/api/v1/config", "{\"maxInFlightPerHost\": 5}").status())
            .isEqualTo(200);
        for (int i = 0; i < JOBS_PER_HOST; i++) {
          api.post(
              "/api/v1/jobs",
              DatabaseOutageIT.job("hanging-" + i, "AT_LEAST_ONCE", hanging.url("/h"))
                  .put("timeoutMs", 10_000)
                  .encode());
        }
        for (int i = 0; i < JOBS_PER_HOST; i++) {
          api.post(
              "/api/v1/jobs",
              DatabaseOutageIT.job("healthy-" + i, "AT_LEAST_ONCE", healthy.url("/ok")).encode());
        }
        long from = System.currentTimeMillis() + 3000; // once both hosts' jobs fire
        Thread.sleep(3000 + WINDOW.toMillis());
        long to = from + WINDOW.toMillis();

        List<Received> inWindow =
            healthy.received(r -> scheduledAt(r) >= from && scheduledAt(r) < to);
        long onTime =
            inWindow.stream().filter(r -> r.receivedAtMillis() - scheduledAt(r) < 1000).count();
        long expected = JOBS_PER_HOST * WINDOW.toSeconds();
        log.info(
            "one host hanging at its cap of 5: the healthy host got {} of {} fires in {}, {} of"
                + " them within 1 s; the hanging host got {} requests (at most {} at once)",
            inWindow.size(),
            expected,
            WINDOW,
            onTime,
            hanging.received().size(),
            hanging.maxConcurrent());
        assertThat(inWindow.size())
            .as("fires to the healthy host")
            .isGreaterThanOrEqualTo((int) (expected * 0.95));
        assertThat(onTime).as("of them on time").isGreaterThanOrEqualTo((long) (expected * 0.95));
      } finally {
        engine.stop().await();
      }
    }
  }

  private static long scheduledAt(Received r) {
    return Instant.parse(r.header("X-Cronwheel-Scheduled-At")).toEpochMilli();
  }
}
