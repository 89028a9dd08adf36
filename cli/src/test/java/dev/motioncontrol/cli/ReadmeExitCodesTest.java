package dev.motioncontrol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's table of exit codes is the command line's own, row for row. */
class ReadmeExitCodesTest {

    private static final Pattern ROW = Pattern.compile("(?m)^\\| `(\\d+)` \\| (.+) \\|$");

    @Test
    void theReadmeListsEveryExitCodeWithItsMeaning() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        String section = readme.substring(readme.indexOf("## The command line"), readme.indexOf("## Modules"));

        List<String> documented = new ArrayList<>();
        Matcher row = ROW.matcher(section);
        while (row.find()) {
            documented.add(row.group(1) + " " + row.group(2));
        }
        List<String> actual = new ArrayList<>();
        for (ExitCode exit : ExitCode.values()) {
            actual.add(exit.code() + " " + exit.meaning());
        }
        assertThat(documented).isEqualTo(actual);
    }
}
