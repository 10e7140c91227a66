package io.cronwheel.bench.peers;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.SchedulableInstance;
import com.github.kagkarlsson.scheduler.task.helper.PlainScheduleAndData;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTaskWithPersistentSchedule;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * db-scheduler as a peer: PostgreSQL, the {@code lock-and-fetch} polling strategy ({@code SELECT ... FOR UPDATE
 * SKIP LOCKED}), N instances of one dynamic recurring task ({@code Tasks.recurringWithPersistentSchedule}, the
 * README's choice for many instances of one task with their own schedules), each every whole second, tuned for
 * throughput as its README recommends. The schedule is {@link EverySecond} by default; {@code --schedule cron} uses
 * the library's {@code Schedules.cron("* * * * * *")}, which creeps off the second (see {@link EverySecond}).
 *
 * <pre>
 * java -cp bench/target/cronwheel-bench-peers.jar io.cronwheel.bench.peers.DbSchedulerPeer --jdbc-url URL --jobs N
 *      --receiver-port 9999 --port 8080 [--threads 20] [--lower-limit 4.0] [--upper-limit 20.0]
 *      [--polling-interval-ms 100] [--pool-size threads+5] [--schedule every-second|cron]
 * </pre>
 *
 * <p>Per fire, db-scheduler picks the execution row in a batch ({@code UPDATE ... picked = true} through the
 * lock-and-fetch select), runs it on a worker thread, then updates the same row to the next execution time (the
 * schedule deserialized from {@code task_data} and asked for the next second after the completion): one row, two
 * updates. A fire that completes after its next second has passed skips that second (README: "no guarantees that all
 * instants in a schedule for a RecurringTask will be executed").
 */
public final class DbSchedulerPeer implements PeerScheduler {
    static final String NAME = "db-scheduler";
    static final Set<String> TUNING =
            Set.of("threads", "lower-limit", "upper-limit", "polling-interval-ms", "pool-size", "schedule");
    private static final String TASK = "bench-fire";

    private final PeerOptions options;
    private final HttpFirer firer;
    private HikariDataSource dataSource;
    private RecurringTaskWithPersistentSchedule<PlainScheduleAndData> task;
    private PlainScheduleAndData everySecond;
    private Scheduler scheduler;

    DbSchedulerPeer(PeerOptions options, HttpFirer firer) {
        this.options = options;
        this.firer = firer;
    }

    public static void main(String[] argv) {
        PeerRunner.run(NAME, DbSchedulerPeer.class.getName(), argv, TUNING, DbSchedulerPeer::new);
    }

    /** The table and indexes db-scheduler 16.x expects on PostgreSQL (its README, "Getting started", step 2). */
    @Override
    public void createSchema(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(
                    "CREATE TABLE scheduled_tasks (task_name TEXT NOT NULL, task_instance TEXT NOT NULL, task_data BYTEA, "
                            + "execution_time TIMESTAMP WITH TIME ZONE NOT NULL, picked BOOLEAN NOT NULL, picked_by TEXT, "
                            + "last_success TIMESTAMP WITH TIME ZONE, last_failure TIMESTAMP WITH TIME ZONE, consecutive_failures INT, "
                            + "last_heartbeat TIMESTAMP WITH TIME ZONE, version BIGINT NOT NULL, priority SMALLINT, "
                            + "PRIMARY KEY (task_name, task_instance))");
            s.execute("CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time)");
            s.execute("CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat)");
            s.execute(
                    "CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC)");
        }
    }

    @Override
    public void start(SettingsLog log) {
        int threads = log.put(
                "threads",
                options.integer("threads", 20),
                "README benchmark: 20 threads per " + "instance reached ~10k executions/s with lock-and-fetch");
        double lower = log.put(
                "lock-and-fetch lower limit (x threads)",
                options.decimal("lower-limit", 4.0),
                "README benchmark configuration (20 threads, lower 4.0, upper 20.0); for high throughput the README "
                        + "suggests e.g. 1.0, 4.0: keep threads busy");
        double upper = log.put(
                "lock-and-fetch upper limit (x threads)",
                options.decimal("upper-limit", 20.0),
                "fetch up to upper x threads executions per poll, already picked for this instance");
        Duration polling = log.put(
                "pollingInterval",
                Duration.ofMillis(options.integer("polling-interval-ms", 100)),
                "README: precision depends on the polling interval (default 10 s); every-second jobs need well "
                        + "under a second, while a full batch triggers the next fetch at once");
        int poolSize = log.put(
                "HikariCP maximumPoolSize",
                options.integer("pool-size", threads + 5),
                "a connection per worker thread (each completes its own execution) plus the poller, heartbeats and "
                        + "housekeeping");
        String schedule = options.string("schedule", "every-second");
        if (schedule.equals("cron")) {
            everySecond = new PlainScheduleAndData(Schedules.cron("* * * * * *", ZoneOffset.UTC));
            log.put(
                    "schedule",
                    "Schedules.cron(\"* * * * * *\", UTC)",
                    "the library's cron schedule (--schedule cron): "
                            + "its next time keeps the completion's sub-second part, so executions creep off the second");
        } else if (schedule.equals("every-second")) {
            everySecond = new PlainScheduleAndData(new EverySecond());
            log.put(
                    "schedule",
                    "EverySecond: the first whole second after completion",
                    "what cron '* * * * * *' "
                            + "means; db-scheduler 16.7.1's CronSchedule keeps the completion's sub-second part and creeps (measured: "
                            + "4 % of fires skipped at 200 jobs/s), which would measure that, not throughput");
        } else {
            throw new IllegalArgumentException("--schedule must be every-second or cron, not " + schedule);
        }
        log.put(
                "task",
                "Tasks.recurringWithPersistentSchedule, N instances of PlainScheduleAndData(schedule), default "
                        + "(Java) serializer, default failure and dead-execution handlers",
                "README: dynamic recurring tasks for " + "many instances of one task");
        log.put("heartbeatInterval", "5 min (default)", "");
        log.put("shutdownMaxWait", "20 s", "bounded stop for the benchmark (default 30 min)");

        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(options.jdbcUrl());
        config.setUsername(options.dbUser());
        config.setPassword(options.dbPassword());
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("db-scheduler");
        dataSource = new HikariDataSource(config);
        task = Tasks.recurringWithPersistentSchedule(TASK, PlainScheduleAndData.class)
                .execute((instance, context) ->
                        firer.fire(Integer.parseInt(instance.getId()), context.getExecution().executionTime));
        scheduler = Scheduler.create(dataSource, task)
                .threads(threads)
                .pollingInterval(polling)
                .pollUsingLockAndFetch(lower, upper)
                .schedulerName(new SchedulerName.Fixed("bench-1"))
                .shutdownMaxWait(Duration.ofSeconds(20))
                .build();
        scheduler.start();
    }

    @Override
    public void schedule(int from, int to) {
        List<SchedulableInstance<?>> batch = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            batch.add(task.schedulableInstance(Integer.toString(i), everySecond));
        }
        scheduler.scheduleBatch(batch);
    }

    @Override
    public void stop() {
        if (scheduler != null) {
            scheduler.stop();
        }
        if (dataSource != null) {
            dataSource.close();
        }
    }
}
