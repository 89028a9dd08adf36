package dev.motioncontrol.cli;

import static dev.motioncontrol.cli.CommandLineRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Every command answers --help on stdout, exits 0, and lists the same exit codes. */
class HelpTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "submit", "status", "list", "watch", "download", "verify-webhook"})
    void everyCommandAnswersHelpWithTheExitCodes(String command) {
        CommandLineRun run = command.isEmpty() ? run(Map.of(), "--help") : run(Map.of(), command, "--help");

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).startsWith("Usage: motion-control" + (command.isEmpty() ? "" : " " + command))
                .contains("Exit codes:");
        for (ExitCode exit : ExitCode.values()) {
            assertThat(run.out()).containsPattern("(?m)^ +" + exit.code() + " +" + java.util.regex.Pattern.quote(
                    exit.meaning().substring(0, Math.min(20, exit.meaning().length()))));
        }
    }

    @Test
    void helpOfACommandByTheHelpCommandIsTheSame() {
        assertThat(run(Map.of(), "help", "watch").out()).isEqualTo(run(Map.of(), "watch", "--help").out());
    }

    @Test
    void submitsHelpSaysWhenLocalFilesCanBeFetchedAndWhatGoesStraightToFreepik() {
        String help = run(Map.of(), "submit", "--help").out().replaceAll("\\s+", " ");

        assertThat(help).contains("works only when the service runs on this machine and accepts private URLs")
                .contains("--serve-base-url").contains("--freepik")
                .contains("status, list, watch and download need a service");
    }

    @Test
    void withoutACommandItSaysWhichThereAreAndExitsTwo() {
        CommandLineRun run = run(Map.of());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("submit, status, list, watch, download, verify-webhook");
    }

    @Test
    void theVersionIsTheBuilds() {
        CommandLineRun run = run(Map.of(), "--version");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("motion-control 0.1.0");
    }

    @Test
    void aMistypedOptionIsReportedWithoutItsValueWhichMayBeAKey() {
        CommandLineRun run = run(Map.of(), "status", "--api-kye=SECRETKEY123", "abc");

        assertThat(run.exit()).isEqualTo(ExitCode.REJECTED.code());
        assertThat(run.err()).contains("--api-kye=…").doesNotContain("SECRETKEY123");
    }
}
