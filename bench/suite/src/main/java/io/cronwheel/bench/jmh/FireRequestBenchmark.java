package io.cronwheel.bench.jmh;

import io.cronwheel.dispatch.FireRequestFactory;
import io.cronwheel.model.Fire;
import io.cronwheel.model.Job;
import io.cronwheel.model.JobSpec;
import io.cronwheel.model.Target;
import io.cronwheel.model.Trigger;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Building what one attempt sends ({@code FireRequestFactory.build}): method, URL, the cronwheel headers plus one
 * configured header, and the body. {@code envelope}: POST with the default JSON envelope (what the throughput
 * benchmark's jobs send); {@code json-body}: POST with a configured JSON body; {@code get}: GET, no body.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FireRequestBenchmark {
    @Param({"envelope", "json-body", "get"})
    public String kind;

    private Fire fire;
    private int attempt;

    @Setup(Level.Trial)
    public void setUp() {
        String method = kind.equals("get") ? "GET" : "POST";
        String body = kind.equals("json-body") ? "{\"report\":\"daily\",\"items\":[1,2,3],\"notify\":true}" : null;
        Target target =
                new Target("http://127.0.0.1:9999/hooks/report", method, Map.of("Authorization", "Bearer t0ken"), body);
        Instant created = Instant.parse("2026-01-01T00:00:00Z");
        // JobSpec.of: defaults for everything but name, schedule and target (UTC, AT_LEAST_ONCE, 10 s timeout, ...)
        Job job = new Job(
                UUID.fromString("01a2066b-8bc6-7202-bfeb-53cbf78f9978"),
                JobSpec.of("bench-job", "* * * * * *", target),
                true,
                null,
                created,
                created,
                1);
        fire = new Fire(
                UUID.fromString("01a2066b-8bc6-7202-bfeb-53cbf78f0001"), job, 1_800_000_000_000L, Trigger.SCHEDULED);
    }

    @Benchmark
    public FireRequestFactory.FireRequest build() {
        return FireRequestFactory.build(fire, (attempt++ & 1) + 1);
    }
}
