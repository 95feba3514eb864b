package io.clientele.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code clientele completion} prints a bash script that, sourced into a real bash, completes the
 * subcommands and the fixed values of the options (engines, sources, formats, steps), whichever
 * way the launcher is called ({@code clientele}, {@code bin/clientele}).
 */
class CompletionCommandTest {

    @TempDir
    static Path dir;

    static Path script;

    @BeforeAll
    static void theScript() throws IOException {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThat(ClienteleCli.execute("completion")).isZero();
        } finally {
            System.setOut(out);
        }
        script = Files.writeString(dir.resolve("clientele.bash"), captured.toString(StandardCharsets.UTF_8));
    }

    /** What bash offers for the words typed so far (the last one being completed), as the shell calls it. */
    static List<String> complete(String... words) throws Exception {
        String call = "source '" + script + "' 2>/dev/null\n"
                + "COMP_WORDS=("
                + String.join(" ", Arrays.stream(words).map(w -> "'" + w + "'").toList()) + ")\n"
                + "COMP_CWORD=" + (words.length - 1) + "\n"
                + "COMP_LINE='" + String.join(" ", words) + "'\n"
                + "COMP_POINT=${#COMP_LINE}\n"
                // the function bash was told to call for this command word (complete -F)
                + "fn=$(complete -p \"${COMP_WORDS[0]##*/}\" | sed -E 's/.*-F ([^ ]+).*/\\1/')\n"
                + "$fn 2>/dev/null\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        Process bash =
                new ProcessBuilder("bash", "-c", call).redirectErrorStream(true).start();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).as(output).isZero();
        return output.lines().filter(l -> !l.isBlank()).toList();
    }

    @Test
    void completesTheSubcommands() throws Exception {
        List<String> subcommands =
                List.copyOf(new CommandLine(new ClienteleCli()).getSubcommands().keySet());
        assertThat(subcommands).contains("run", "docs", "completion");
        assertThat(complete("clientele", "")).containsExactlyInAnyOrderElementsOf(subcommands);
        assertThat(complete("bin/clientele", "d")).containsExactlyInAnyOrder("demo", "dashboard", "docs");
        assertThat(complete("clientele", "run", "--en")).containsExactly("--engine");
    }

    @Test
    void completesTheFixedValuesOfOptions() throws Exception {
        assertThat(complete("clientele", "run", "--engine", "")).containsExactlyInAnyOrder("duckdb", "spark");
        assertThat(complete("clientele", "backfill", "--engine", "s")).containsExactly("spark");
        assertThat(complete("clientele", "demo", "--engine", "")).containsExactlyInAnyOrder("duckdb", "spark");
        assertThat(complete("clientele", "run", "--source", "")).containsExactlyInAnyOrder("csv", "jdbc");
        assertThat(complete("clientele", "query", "--format", "")).containsExactlyInAnyOrder("table", "csv", "json");
        // the steps, an extract step per source of schemas/sources/index.json
        assertThat(complete("clientele", "run", "--step", "extract-o"))
                .containsExactlyInAnyOrder("extract-orders", "extract-order_lines");
        assertThat(complete("clientele", "run", "--step", "p"))
                .containsExactlyInAnyOrder("predict", "predict-churn", "publish");
    }
}
