package dev.motioncontrol.cli;

/** The runnable jar's entry point: {@code java -jar motion-control-cli.jar <command> [options]}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(MotionControlCli.run(Invocation.ofProcess(), args));
    }
}
