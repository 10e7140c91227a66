package io.cronwheel.bench;

import java.util.Set;

/** What the benchmarks' command-line mains share: parse the options, answer --help, run, exit with its code. */
final class Cli {
    /** A benchmark's body: returns the process exit code. */
    interface Body {
        int run(Args args, String[] argv) throws Exception;
    }

    private Cli() {}

    /**
     * Runs {@code body} and exits. A bad option prints the usage; an {@link IllegalArgumentException} or {@link
     * IllegalStateException} from the body (a bad value, a busy port) is one line on stderr; both exit 2.
     */
    static void main(String name, String usage, Set<String> flags, Set<String> options, String[] argv, Body body)
            throws Exception {
        Args args;
        try {
            args = Args.parse(argv, flags, options);
        } catch (IllegalArgumentException e) {
            System.err.println(name + ": " + e.getMessage());
            System.err.println(usage);
            System.exit(2);
            return;
        }
        if (args.flag("help")) {
            System.out.println(usage);
            return;
        }
        int code;
        try {
            code = body.run(args, argv);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println(name + ": " + e.getMessage());
            code = 2;
        }
        System.exit(code);
    }
}
