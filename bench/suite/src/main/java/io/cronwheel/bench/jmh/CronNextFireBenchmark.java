package io.cronwheel.bench.jmh;

import com.cronutils.model.Cron;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.cronwheel.cron.CronDefinitions;
import io.cronwheel.cron.CronSchedule;
import io.cronwheel.cron.CronSchedules;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.SplittableRandom;
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
 * Next-fire computation: cronwheel's compiled evaluator ({@code CronSchedules.parse(expr, zone).nextFireAfter(long)})
 * against cron-utils' {@code ExecutionTime.nextExecution(ZonedDateTime)} for the same expression, zone and start
 * instants (the baseline). Each call starts from one of 4,096 random instants spread over 2025-2028, so DST changes
 * and month ends are included. {@code cronwheelChain} follows one schedule from fire to fire, the way the engine
 * reschedules a job after each fire.
 *
 * <p>cron-utils is given its start instants as ready-made {@link ZonedDateTime}s, so its number excludes the
 * conversion from epoch seconds that cronwheel's API saves. It parses with the same dialect the engine uses (six
 * fields, seconds first, Unix day-of-week numbers, Quartz specials), the engine's CronDefinitions.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CronNextFireBenchmark {
    private static final int STARTS = 4096;
    private static final long FROM = Instant.parse("2025-01-01T00:00:00Z").getEpochSecond();
    private static final long TO = Instant.parse("2028-01-01T00:00:00Z").getEpochSecond();

    /** The engine's own dialect, so both sides parse the same expressions the same way. */
    static final CronDefinition DEFINITION = CronDefinitions.DEFINITION;

    /** expression|zone. */
    @Param({
        "* * * * * *|UTC",
        "*/5 * * * * *|UTC",
        "31 10-15 1 * * MON-FRI|UTC",
        "31 10-15 1 * * MON-FRI|America/New_York",
        "0 0 0 L * ?|UTC"
    })
    public String schedule;

    private CronSchedule compiled;
    private ExecutionTime executionTime;
    private final long[] starts = new long[STARTS];
    private final ZonedDateTime[] zonedStarts = new ZonedDateTime[STARTS];
    private int next;
    private long chain;

    @Setup(Level.Trial)
    public void setUp() {
        int bar = schedule.lastIndexOf('|');
        String expression = schedule.substring(0, bar);
        ZoneId zone = ZoneId.of(schedule.substring(bar + 1));
        compiled = CronSchedules.parse(expression, zone);
        Cron cron = new CronParser(DEFINITION).parse(expression);
        executionTime = ExecutionTime.forCron(cron);
        SplittableRandom random = new SplittableRandom(42);
        int disagreements = 0;
        String example = null;
        for (int i = 0; i < STARTS; i++) {
            starts[i] = random.nextLong(FROM, TO);
            zonedStarts[i] = Instant.ofEpochSecond(starts[i]).atZone(zone);
            long ours = compiled.nextFireAfter(starts[i]);
            Optional<ZonedDateTime> theirs = executionTime.nextExecution(zonedStarts[i]);
            long theirSecond = theirs.map(t -> t.toEpochSecond()).orElse(CronSchedule.NO_NEXT);
            if (ours != theirSecond) {
                disagreements++;
                if (example == null) {
                    example = "after " + zonedStarts[i] + ": cronwheel " + Instant.ofEpochSecond(ours) + ", cron-utils "
                            + theirs.map(Object::toString).orElse("none");
                }
            }
        }
        if (disagreements > 0) {
            System.err.println("note: cronwheel and cron-utils disagree on " + disagreements + " of " + STARTS
                    + " next fires of '" + schedule + "', e.g. " + example);
        }
        chain = starts[0];
    }

    @Benchmark
    public long cronwheel() {
        return compiled.nextFireAfter(starts[next++ & (STARTS - 1)]);
    }

    @Benchmark
    public Optional<ZonedDateTime> cronUtils() {
        return executionTime.nextExecution(zonedStarts[next++ & (STARTS - 1)]);
    }

    @Benchmark
    public long cronwheelChain() {
        long fire = compiled.nextFireAfter(chain);
        chain = fire >= TO ? starts[next++ & (STARTS - 1)] : fire;
        return fire;
    }
}
