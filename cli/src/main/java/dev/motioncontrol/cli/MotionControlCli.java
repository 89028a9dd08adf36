package dev.motioncontrol.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code motion-control} command and its subcommands. {@link #run} is the whole command line: parse, run, and
 * the exit code, with every failure told on stderr in a line or a few (a rejected request's every violation), never a
 * stack trace for what was expected, never an API key or a secret.
 */
@Command(name = "motion-control", mixinStandardHelpOptions = true,
        description = {
            "Kling Motion Control from the command line: against a running motion-control service (--base-url and "
                    + "--api-key, or $MOTION_CONTROL_URL and $MOTION_CONTROL_API_KEY), or, for submit, straight to "
                    + "Freepik through the library (--freepik, with $FREEPIK_API_KEY).",
            "Every command answers --help.",
            ""},
        subcommands = CommandLine.HelpCommand.class)
public final class MotionControlCli implements Callable<Integer> {

    private final Invocation invocation;

    private MotionControlCli(Invocation invocation) {
        this.invocation = invocation;
    }

    /** Runs the command line {@code args} in {@code invocation}'s surroundings; the process's exit code. */
    static int run(Invocation invocation, String... args) {
        CommandLine commandLine = new CommandLine(new MotionControlCli(invocation))
                .addSubcommand(new SubmitCommand(invocation))
                .addSubcommand(new StatusCommand(invocation))
                .addSubcommand(new ListCommand(invocation))
                .addSubcommand(new WatchCommand(invocation))
                .addSubcommand(new DownloadCommand(invocation))
                .addSubcommand(new VerifyWebhookCommand(invocation))
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setOut(invocation.out())
                .setErr(invocation.err())
                .setParameterExceptionHandler(MotionControlCli::usageError)
                .setExecutionExceptionHandler((failure, failed, parsed) -> failed(invocation, failure));
        sameForEveryCommand(commandLine);
        int exit = commandLine.execute(args);
        invocation.out().flush();
        invocation.err().flush();
        return exit;
    }

    /** Without a subcommand: what there is to run. */
    @Override
    public Integer call() {
        invocation.err().println("Which command? One of: submit, status, list, watch, download, verify-webhook.");
        invocation.err().println("Try 'motion-control --help'.");
        return ExitCode.REJECTED.code();
    }

    /** Every command's help ends with the same exit codes, and its --version tells the build's. */
    private static void sameForEveryCommand(CommandLine commandLine) {
        commandLine.getCommandSpec().versionProvider(new Version());
        commandLine.getCommandSpec().usageMessage()
                .exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(ExitCode.helpList());
        for (CommandLine subcommand : commandLine.getSubcommands().values()) {
            sameForEveryCommand(subcommand);
        }
    }

    private static final Pattern OPTION_VALUE = Pattern.compile("(-{1,2}[\\w-]+)=[^'\\s,]*");

    /** A command line picocli could not read: the reason and where to look, not the whole help. */
    private static int usageError(CommandLine.ParameterException problem, String[] args) {
        CommandLine where = problem.getCommandLine();
        // An option mistyped with its value (--api-kye=…) would otherwise print the value, which may be the key.
        where.getErr().println(OPTION_VALUE.matcher(String.valueOf(problem.getMessage())).replaceAll("$1=…"));
        CommandLine.UnmatchedArgumentException.printSuggestions(problem, where.getErr());
        where.getErr().println("Try '" + where.getCommandSpec().qualifiedName() + " --help'.");
        where.getErr().flush();
        return ExitCode.REJECTED.code();
    }

    private static int failed(Invocation invocation, Exception failure) {
        if (failure instanceof CommandFailure expected) {
            expected.lines().forEach(invocation.err()::println);
            invocation.err().flush();
            return expected.exitCode().code();
        }
        // A bug: its message and where, without a stack trace a user has no use for.
        StackTraceElement[] trace = failure.getStackTrace();
        invocation.err().println("unexpected error: " + failure
                + (trace.length > 0 ? " at " + trace[0] : ""));
        invocation.err().flush();
        return ExitCode.UNEXPECTED.code();
    }

    /** The version this jar was built as. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties properties = new Properties();
            try (InputStream in = MotionControlCli.class.getResourceAsStream("motion-control-cli.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            }
            return new String[] {"motion-control " + properties.getProperty("version", "(development build)")};
        }
    }
}
