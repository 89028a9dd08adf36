package dev.motioncontrol.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One run of the command line in this JVM, with its own environment and stdin, and what it printed. */
record CommandLineRun(int exit, String out, String err) {

    static CommandLineRun runWithInput(Map<String, String> environment, String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Invocation invocation = new Invocation(new PrintWriter(out, true), new PrintWriter(err, true),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), environment, false);
        int exit = MotionControlCli.run(invocation, args);
        return new CommandLineRun(exit, out.toString(), err.toString());
    }

    static CommandLineRun run(Map<String, String> environment, String... args) {
        return runWithInput(environment, "", args);
    }

    /** Everything it printed, for what must appear nowhere. */
    String printed() {
        return out + err;
    }

    @Override
    public String toString() {
        return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
