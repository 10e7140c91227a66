package io.cronwheel.bench.jmh;

import io.cronwheel.wheel.TimingWheel;
import io.cronwheel.wheel.WheelEntry;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The engine's {@link TimingWheel} (4,096 one-second slots, as configured by default) with one million entries.
 * Scores are nanoseconds per entry.
 *
 * <ul>
 *   <li>{@code insertAndDrain}: schedule 1M entries at random seconds within {@code spreadSeconds} of the cursor,
 *       then {@code advanceTo} the end, handing every entry to the sink. spreadSeconds = 1: all in one slot (a
 *       million every-second jobs at one tick); 4096: spread over the whole wheel; 86400: a day ahead, so most
 *       entries go through the overflow heap first.
 *   <li>{@code rescheduleEverySecond}: the steady state of 1M every-second jobs: each call advances one second and
 *       the sink schedules every popped entry for the next second, as the partition scheduler does.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class TimingWheelBenchmark {
    static final int ENTRIES = 1_000_000;
    static final int SLOTS = 4096;
    static final long BASE = 1_800_000_000L;

    static final class CountingSink implements TimingWheel.FireSink {
        long count;
        long checksum;

        @Override
        public void due(WheelEntry entry, long epochSecond) {
            count++;
            checksum += epochSecond;
        }
    }

    @State(Scope.Thread)
    public static class Spread {
        @Param({"1", "4096", "86400"})
        public int spreadSeconds;

        WheelEntry[] entries;
        long[] seconds;

        @Setup(Level.Trial)
        public void setUp() {
            entries = new WheelEntry[ENTRIES];
            seconds = new long[ENTRIES];
            SplittableRandom random = new SplittableRandom(7);
            for (int i = 0; i < ENTRIES; i++) {
                entries[i] = new WheelEntry();
                seconds[i] = BASE + random.nextInt(spreadSeconds);
            }
        }
    }

    @State(Scope.Thread)
    public static class Steady {
        TimingWheel wheel;
        long now;
        TimingWheel.FireSink reschedule;
        long fired;

        @Setup(Level.Trial)
        public void setUp() {
            wheel = new TimingWheel(SLOTS, BASE);
            for (int i = 0; i < ENTRIES; i++) {
                wheel.schedule(new WheelEntry(), BASE);
            }
            now = BASE - 1;
            reschedule = (entry, second) -> {
                fired++;
                wheel.schedule(entry, second + 1);
            };
        }
    }

    @Benchmark
    @OperationsPerInvocation(ENTRIES)
    public long insertAndDrain(Spread s) {
        TimingWheel wheel = new TimingWheel(SLOTS, BASE);
        WheelEntry[] entries = s.entries;
        long[] seconds = s.seconds;
        for (int i = 0; i < ENTRIES; i++) {
            wheel.schedule(entries[i], seconds[i]);
        }
        CountingSink sink = new CountingSink();
        wheel.advanceTo(BASE + s.spreadSeconds, sink, Integer.MAX_VALUE);
        if (sink.count != ENTRIES) {
            throw new IllegalStateException("drained " + sink.count + " of " + ENTRIES);
        }
        return sink.checksum;
    }

    @Benchmark
    @OperationsPerInvocation(ENTRIES)
    public long rescheduleEverySecond(Steady s) {
        s.now++;
        long before = s.fired;
        s.wheel.advanceTo(s.now, s.reschedule, Integer.MAX_VALUE);
        if (s.fired - before != ENTRIES) {
            throw new IllegalStateException("fired " + (s.fired - before) + " of " + ENTRIES);
        }
        return s.fired;
    }
}
