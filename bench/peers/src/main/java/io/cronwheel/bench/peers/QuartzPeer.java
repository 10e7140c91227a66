package io.cronwheel.bench.peers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TimeZone;
import org.quartz.CronScheduleBuilder;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;

/**
 * Quartz as a peer: JDBC JobStore ({@code JobStoreTX}, {@code PostgreSQLDelegate}), clustered, one {@code
 * CronTrigger "* * * * * ?"} (UTC) per job, tuned for throughput as Quartz's configuration reference recommends.
 *
 * <pre>
 * java -cp bench/target/cronwheel-bench-peers.jar io.cronwheel.bench.peers.QuartzPeer --jdbc-url URL --jobs N
 *      --receiver-port 9999 --port 8080 [--threads 50] [--batch 50] [--fire-ahead-ms 0] [--misfire-threshold-ms 60000]
 * </pre>
 *
 * <p>Per fire, Quartz acquires the trigger (state ACQUIRED, a row in {@code qrtz_fired_triggers}), marks it fired
 * and stores its next fire time, runs the job on a pool thread, then completes it (the fired-trigger row deleted,
 * the trigger's state restored), each step a transaction holding the cluster's {@code TRIGGER_ACCESS} row lock.
 */
public final class QuartzPeer implements PeerScheduler {
    static final String NAME = "quartz";
    static final Set<String> TUNING = Set.of("threads", "batch", "fire-ahead-ms", "misfire-threshold-ms");
    private static final String SCHEMA = "org/quartz/impl/jdbcjobstore/tables_postgres.sql";
    private static final String GROUP = "bench";
    private static final String JOB_PREFIX = "job-";

    private final PeerOptions options;
    private final HttpFirer firer;
    private Scheduler scheduler;

    QuartzPeer(PeerOptions options, HttpFirer firer) {
        this.options = options;
        this.firer = firer;
    }

    public static void main(String[] argv) {
        PeerRunner.run(NAME, QuartzPeer.class.getName(), argv, TUNING, QuartzPeer::new);
    }

    /** Runs the schema script shipped in the Quartz jar, statement by statement. */
    @Override
    public void createSchema(Connection connection) throws IOException, java.sql.SQLException {
        String script;
        try (InputStream in = Scheduler.class.getClassLoader().getResourceAsStream(SCHEMA)) {
            if (in == null) {
                throw new IOException(SCHEMA + " not found in the Quartz jar");
            }
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        StringBuilder sql = new StringBuilder();
        for (String line : script.split("\n")) {
            if (!line.trim().startsWith("--")) {
                sql.append(line).append('\n');
            }
        }
        try (Statement s = connection.createStatement()) {
            for (String statement : sql.toString().split(";")) {
                if (!statement.isBlank()) {
                    s.execute(statement);
                }
            }
        }
    }

    @Override
    public void start(SettingsLog log) throws Exception {
        int threads = options.integer("threads", 50);
        Properties p = new Properties();
        set(
                p,
                log,
                "org.quartz.scheduler.instanceName",
                "cronwheel-bench",
                "the logical scheduler's name, the same on " + "every node of a cluster");
        set(p, log, "org.quartz.scheduler.instanceId", "AUTO", "required by clustering: unique per node");
        set(
                p,
                log,
                "org.quartz.jobStore.class",
                "org.quartz.impl.jdbcjobstore.JobStoreTX",
                "JDBC JobStore managing its " + "own transactions (no application server)");
        set(
                p,
                log,
                "org.quartz.jobStore.driverDelegateClass",
                "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate",
                "the delegate for PostgreSQL (header of tables_postgres.sql)");
        set(
                p,
                log,
                "org.quartz.jobStore.isClustered",
                "true",
                "the issue's setting: several nodes can share the "
                        + "tables; Quartz then takes the TRIGGER_ACCESS row lock (SELECT ... FOR UPDATE) around each step");
        set(p, log, "org.quartz.jobStore.clusterCheckinInterval", "15000", "the default; a cluster of one node here");
        set(
                p,
                log,
                "org.quartz.jobStore.useProperties",
                "true",
                "reference: JobDataMaps as strings, no Java "
                        + "serialization in BLOBs (the jobs store no data at all)");
        set(
                p,
                log,
                "org.quartz.jobStore.misfireThreshold",
                Integer.toString(options.integer("misfire-threshold-ms", 60_000)),
                "the default: a trigger up to 60 s late still fires "
                        + "(every second it missed, in order); beyond that the CronTrigger's smart policy fires once now");
        set(p, log, "org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool", "the default pool");
        set(
                p,
                log,
                "org.quartz.threadPool.threadCount",
                Integer.toString(threads),
                "reference: 'tens of thousands of "
                        + "jobs, many firing every minute: more like 50 or 100'; 100 needs 103 connections, above this server's "
                        + "max_connections 100");
        int batch = options.integer("batch", threads);
        set(
                p,
                log,
                "org.quartz.scheduler.batchTriggerAcquisitionMaxCount",
                Integer.toString(batch),
                "reference: larger "
                        + "is more efficient when very many triggers fire at once; Quartz acquires at most min(free threads, this), "
                        + "so the thread count");
        set(
                p,
                log,
                "org.quartz.scheduler.batchTriggerAcquisitionFireAheadTimeWindow",
                Integer.toString(options.integer("fire-ahead-ms", 0)),
                "0: every trigger shares the same fire instant, so a batch fills up without "
                        + "firing early (a window > 0 lets triggers fire that much before their time)");
        set(
                p,
                log,
                "org.quartz.jobStore.acquireTriggersWithinLock",
                "true",
                "reference: must be true when the batch " + "size is > 1 with a JDBC JobStore");
        set(p, log, "org.quartz.dataSource.bench.provider", "hikaricp", "HikariCP pool, Quartz's built-in provider");
        set(p, log, "org.quartz.jobStore.dataSource", "bench", "");
        set(p, log, "org.quartz.dataSource.bench.driver", "org.postgresql.Driver", "");
        set(p, log, "org.quartz.dataSource.bench.URL", options.jdbcUrl(), "");
        set(p, log, "org.quartz.dataSource.bench.user", options.dbUser(), "");
        if (options.dbPassword() != null) {
            p.setProperty("org.quartz.dataSource.bench.password", options.dbPassword()); // not recorded
        }
        set(
                p,
                log,
                "org.quartz.dataSource.bench.maxConnections",
                Integer.toString(threads + 3),
                "reference: at least " + "the worker threads plus three");
        log.put(
                "triggers",
                "one CronTrigger '* * * * * ?' (UTC) per job, misfire instruction: smart policy " + "(fire once now)",
                "the issue's setting");
        log.put("job", "a stateless Job that POSTs and waits; no @DisallowConcurrentExecution, no recovery", "");

        scheduler = new StdSchedulerFactory(p).getScheduler();
        FireJob job = new FireJob(firer);
        scheduler.setJobFactory((bundle, s) -> job);
        scheduler.start();
    }

    private static void set(Properties p, SettingsLog log, String key, String value, String why) {
        p.setProperty(key, value);
        log.put(key, value, why);
    }

    @Override
    public void schedule(int from, int to) throws Exception {
        Map<JobDetail, Set<? extends Trigger>> batch = new LinkedHashMap<>();
        for (int i = from; i < to; i++) {
            JobDetail job = JobBuilder.newJob(FireJob.class)
                    .withIdentity(JOB_PREFIX + i, GROUP)
                    .build();
            Trigger trigger = TriggerBuilder.newTrigger()
                    .withIdentity("trigger-" + i, GROUP)
                    .withSchedule(
                            CronScheduleBuilder.cronSchedule("* * * * * ?").inTimeZone(TimeZone.getTimeZone("UTC")))
                    .startNow()
                    .build();
            batch.put(job, Set.of(trigger));
        }
        scheduler.scheduleJobs(batch, false);
    }

    @Override
    public void stop() throws Exception {
        if (scheduler != null) {
            scheduler.shutdown(true);
        }
    }

    /** Every job's body: one shared instance, handed out by the scheduler's job factory. */
    static final class FireJob implements Job {
        private final HttpFirer firer;

        FireJob(HttpFirer firer) {
            this.firer = firer;
        }

        @Override
        public void execute(JobExecutionContext context) {
            String name = context.getJobDetail().getKey().getName();
            firer.fire(
                    Integer.parseInt(name.substring(JOB_PREFIX.length())),
                    context.getScheduledFireTime().toInstant());
        }
    }
}
