package io.cronwheel.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The scheduler process of a run: its JVM options, what is added to the engine's environment ({@code
 * --engine-env}), its port, and each peer's own options ({@code --quartz-arg threads=20} as {@code --threads 20}).
 */
record EngineSetup(List<String> jvm, Map<String, String> env, int port, Map<SchedulerKind, List<String>> peerArgs) {
    private static final Pattern ENV = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=.*");

    static EngineSetup parse(Args args, String defaultJvm, Map<SchedulerKind, List<String>> peerArgs) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String kv : args.all("engine-env")) {
            if (!ENV.matcher(kv).matches()) {
                throw new IllegalArgumentException("--engine-env takes K=V, not " + kv);
            }
            int eq = kv.indexOf('=');
            env.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return new EngineSetup(args.words("engine-jvm", defaultJvm), env, args.integer("engine-port", 8080), peerArgs);
    }

    /**
     * The engine's whole configuration: its database, 127.0.0.1 and the port, then {@code --engine-env}. The child
     * gets no other {@code CRONWHEEL_*} variable ({@link Child#start}).
     */
    Map<String, String> environment(Pg.Url db) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("CRONWHEEL_DB_URL", db.uri());
        environment.put("CRONWHEEL_HTTP_HOST", Http.HOST);
        environment.put("CRONWHEEL_HTTP_PORT", Integer.toString(port));
        environment.put("CRONWHEEL_ADMIN_TOKEN", Http.ENGINE_TOKEN);
        environment.putAll(env);
        return environment;
    }

    /** The environment as a report shows it, the password left out. */
    String describe(Pg.Url db) {
        return "CRONWHEEL_DB_URL=" + db.display() + ", CRONWHEEL_HTTP_HOST=127.0.0.1, CRONWHEEL_HTTP_PORT=" + port
                + (env.isEmpty() ? "" : ", " + env.toString().replaceAll("^\\{|}$", ""));
    }

    List<String> peerArgs(SchedulerKind scheduler) {
        return peerArgs.getOrDefault(scheduler, List.of());
    }
}
