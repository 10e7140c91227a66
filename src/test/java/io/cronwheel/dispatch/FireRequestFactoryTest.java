package io.cronwheel.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronwheel.model.ExecutionType;
import io.cronwheel.model.Fire;
import io.cronwheel.model.Job;
import io.cronwheel.model.Target;
import io.cronwheel.model.Trigger;
import io.cronwheel.support.Jobs;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FireRequestFactoryTest {
  private static final long SCHEDULED = 1_767_225_631_000L; // 2026-01-01T00:00:31Z

  private static Job withTarget(Target target) {
    Job job = Jobs.job("31 * * * * *", ExecutionType.AT_LEAST_ONCE);
    return Jobs.with(job, job.spec().withTarget(target));
  }

  @Test
  void build_addsTheCronwheelHeadersAndADefaultEnvelope() {
    Job job = withTarget(new Target("http://127.0.0.1/hook", null, Map.of("X-Team", "ops"), null));
    Fire fire = new Fire(UUID.randomUUID(), job, SCHEDULED, Trigger.SCHEDULED);

    FireRequestFactory.FireRequest request = FireRequestFactory.build(fire, 2);

    assertThat(request.method()).isEqualTo(HttpMethod.POST);
    assertThat(request.headers())
        .containsEntry("X-Team", "ops")
        .containsEntry("X-Cronwheel-Job-Id", job.id().toString())
        .containsEntry("X-Cronwheel-Execution-Id", fire.executionId().toString())
        .containsEntry("X-Cronwheel-Scheduled-At", "2026-01-01T00:00:31.000Z")
        .containsEntry("X-Cronwheel-Attempt", "2")
        .containsEntry("Idempotency-Key", job.id() + ":1767225631")
        .containsEntry("Content-Type", "application/json");
    JsonObject envelope = new JsonObject(request.body());
    assertThat(envelope.getString("jobName")).isEqualTo(job.name());
    assertThat(envelope.getInteger("attempt")).isEqualTo(2);
  }

  @Test
  void envelope_isValidJsonWhateverTheJobNameHoldsAndMatchesTheSchedule() {
    Job job = withTarget(new Target("http://127.0.0.1/hook", null, null, null));
    job =
        Jobs.with(
            job,
            new io.cronwheel.model.JobSpec(
                "quote \" back \\ nl \n tab \t bell \u0007 é",
                job.schedule(),
                job.timezone(),
                job.executionType(),
                job.target(),
                job.timeout(),
                job.retry(),
                null,
                null,
                null,
                null));
    Fire fire = new Fire(UUID.randomUUID(), job, SCHEDULED, Trigger.MANUAL);

    JsonObject envelope = new JsonObject(FireRequestFactory.build(fire, 3).body());

    assertThat(envelope.getString("jobName")).isEqualTo(job.name());
    assertThat(envelope.getString("jobId")).isEqualTo(job.id().toString());
    assertThat(envelope.getString("executionId")).isEqualTo(fire.executionId().toString());
    assertThat(envelope.getString("scheduledAt")).isEqualTo("2026-01-01T00:00:31.000Z");
    assertThat(envelope.getInteger("attempt")).isEqualTo(3);
    assertThat(envelope.getString("trigger")).isEqualTo("MANUAL");
  }

  @Test
  void build_idempotencyKeyIsTheSameForEveryAttemptAndExecutionOfOneSecond() {
    Job job = withTarget(new Target("http://127.0.0.1/hook", null, null, null));
    Fire one = new Fire(UUID.randomUUID(), job, SCHEDULED, Trigger.SCHEDULED);
    Fire other = new Fire(UUID.randomUUID(), job, SCHEDULED, Trigger.SCHEDULED);
    assertThat(FireRequestFactory.build(one, 1).headers().get("Idempotency-Key"))
        .isEqualTo(FireRequestFactory.build(other, 3).headers().get("Idempotency-Key"));
  }

  @Test
  void build_sendsJsonBodiesAsJsonAndStringBodiesAsText() {
    Job json = withTarget(new Target("http://h/x", "PUT", null, "{\"a\":1}"));
    FireRequestFactory.FireRequest jsonRequest =
        FireRequestFactory.build(
            new Fire(UUID.randomUUID(), json, SCHEDULED, Trigger.SCHEDULED), 1);
    assertThat(jsonRequest.body().toString()).isEqualTo("{\"a\":1}");
    assertThat(jsonRequest.headers()).containsEntry("Content-Type", "application/json");

    Job text =
        withTarget(new Target("http://h/x", "POST", Map.of("Content-Type", "text/csv"), "\"a,b\""));
    FireRequestFactory.FireRequest textRequest =
        FireRequestFactory.build(
            new Fire(UUID.randomUUID(), text, SCHEDULED, Trigger.SCHEDULED), 1);
    assertThat(textRequest.body().toString()).isEqualTo("a,b");
    assertThat(textRequest.headers()).containsEntry("Content-Type", "text/csv");
  }

  @Test
  void build_getRequestsHaveNoBody() {
    Job job = withTarget(new Target("http://h/x", "GET", null, null));
    FireRequestFactory.FireRequest request =
        FireRequestFactory.build(new Fire(UUID.randomUUID(), job, SCHEDULED, Trigger.SCHEDULED), 1);
    assertThat(request.body()).isNull();
    assertThat(request.headers()).doesNotContainKey("Content-Type");
  }
}
