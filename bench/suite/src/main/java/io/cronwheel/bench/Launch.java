package io.cronwheel.bench;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a run's code is and how its processes start: the bench's jar (the receiver), the peers' jar beside it, the
 * engine's jar, the JVM; and how the run itself was started, for its report.
 */
record Launch(Path benchJar, Path peersJar, Path engineJar, Path javaBin, String commandLine, String workingDirectory) {

    /** The jars as built: bench/target/cronwheel-bench.jar, the peers' beside it, target/cronwheel.jar above bench/. */
    static Launch locate(Class<?> main, Args args, String[] argv) {
        Path benchJar;
        try {
            benchJar = Path.of(main.getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toAbsolutePath();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the bench jar: " + e.getMessage());
        }
        Path benchDir = benchJar.getParent().getParent();
        Path engineJar = Path.of(args.string(
                        "engine-jar",
                        benchDir.resolveSibling("target")
                                .resolve("cronwheel.jar")
                                .toString()))
                .toAbsolutePath()
                .normalize();
        return new Launch(
                benchJar,
                benchJar.resolveSibling("cronwheel-bench-peers.jar"),
                engineJar,
                Path.of(System.getProperty("java.home"), "bin", "java"),
                commandLine(main, argv),
                Path.of("").toAbsolutePath().toString());
    }

    /** bench/, where results go by default. */
    Path benchDir() {
        return benchJar.getParent().getParent();
    }

    void requireEngineJar() {
        if (!Files.isRegularFile(engineJar)) {
            throw new IllegalStateException("engine jar not found: " + engineJar + ": build it with `mvn -B package "
                    + "-DskipTests` in the repository root, or pass --engine-jar");
        }
    }

    void requirePeersJar() {
        if (!Files.isRegularFile(peersJar)) {
            throw new IllegalStateException("peers jar not found: " + peersJar
                    + ": build the benchmarks with `cd bench " + "&& mvn -B package`");
        }
    }

    /** {@code java <jvm> -jar <engine jar>}. */
    List<String> engineCommand(List<String> jvm) {
        List<String> command = new ArrayList<>();
        command.add(javaBin.toString());
        command.addAll(jvm);
        command.addAll(List.of("-jar", engineJar.toString()));
        return command;
    }

    /** {@code java <jvm> -cp <jar> <main> <arguments>}. */
    List<String> javaCommand(List<String> jvm, Path jar, String mainClass, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(javaBin.toString());
        command.addAll(jvm);
        command.addAll(List.of("-cp", jar.toString(), mainClass));
        command.addAll(arguments);
        return command;
    }

    /** The command as it can be typed again. */
    private static String commandLine(Class<?> main, String[] argv) {
        StringBuilder s = new StringBuilder("java -cp bench/target/cronwheel-bench.jar " + main.getName());
        for (String a : argv) {
            s.append(' ').append(a.matches("[A-Za-z0-9_./:=,@%+-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return s.toString();
    }
}
