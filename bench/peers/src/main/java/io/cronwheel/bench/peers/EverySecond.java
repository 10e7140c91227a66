package io.cronwheel.bench.peers;

import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.schedule.Schedule;
import java.io.Serializable;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A db-scheduler {@link Schedule} for every whole second: the next execution is the first whole second after the
 * previous one completed. What {@code Schedules.cron("* * * * * *")} means, without its drift: db-scheduler 16.7.1's
 * {@code CronSchedule} keeps the completion's sub-second part (the next time after {@code 05:30:41.008} is {@code
 * 05:30:42.008}), so every-second executions creep later by their own latency and skip a second each time the
 * creep wraps. Like the cron schedule, a fire that completes after its next second has passed skips it.
 *
 * <p>Serializable: it is stored in each instance's {@code task_data} ({@code PlainScheduleAndData}).
 */
final class EverySecond implements Schedule, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Instant getNextExecutionTime(ExecutionComplete complete) {
        return complete.getTimeDone().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    }

    @Override
    public boolean isDeterministic() {
        return true;
    }

    @Override
    public String toString() {
        return "EverySecond";
    }
}
