package dev.motioncontrol.cli;

import java.io.Console;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a run of the command line is given besides its arguments: where it writes (results to {@code out}, progress
 * and errors to {@code err}), what it reads ({@code in}, for a webhook's body), its environment, and whether a person
 * watches it on a terminal. The process's own in {@link Main}; a test's own in the tests.
 */
record Invocation(PrintWriter out, PrintWriter err, InputStream in, Map<String, String> environment,
        boolean onTerminal) {

    Invocation {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        Objects.requireNonNull(in, "in");
        environment = Map.copyOf(environment);
    }

    /** The process's streams and environment; on a terminal when the JVM has a console (stdin and stdout are one). */
    static Invocation ofProcess() {
        return new Invocation(new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.in,
                System.getenv(), onTerminal(System.console()));
    }

    /**
     * Whether {@code console} is a terminal. Up to Java 21 the JVM has a console only then; from Java 22 it may have one
     * on a pipe too, and {@code Console.isTerminal()} (not in Java 17, hence looked up) tells.
     */
    private static boolean onTerminal(Console console) {
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException beforeJava22) {
            return true;
        }
    }

    /** The environment variable {@code name}, when it is set and not blank. */
    Optional<String> variable(String name) {
        return Optional.ofNullable(environment.get(name)).filter(value -> !value.isBlank());
    }
}
