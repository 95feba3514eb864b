package io.clientele.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fixed-choice options ({@code --engine}, {@code --source}, {@code --format}): a wrong value
 * gets picocli's error naming the valid ones, before anything starts; without {@code --engine}
 * the setting {@code clientele.engine} (application.yml, CLIENTELE_ENGINE) decides, as the job's
 * recorded parameters show.
 */
class ChoiceOptionsTest {

    static final Path FIXTURE =
            Path.of("src/test/resources/fixtures/three-months").toAbsolutePath();

    @TempDir
    Path warehouse;

    record Outcome(int status, String out, String err) {}

    static Outcome execute(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            int status = ClienteleCli.execute(args);
            return new Outcome(status, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void aWrongValueIsRefusedListingTheValidOnes() {
        Outcome engine = execute("run", "--date", "2026-04-02", "--inbox", FIXTURE.toString(), "--engine", "oracle");
        assertThat(engine.status()).isEqualTo(2);
        assertThat(engine.err().lines().findFirst().orElse(""))
                .isEqualTo("Invalid value for option '--engine': expected one of [duckdb, spark] (case-sensitive)"
                        + " but was 'oracle'");
        Outcome source = execute("run", "--date", "2026-04-02", "--source", "kafka");
        assertThat(source.status()).isEqualTo(2);
        assertThat(source.err()).contains("expected one of [csv, jdbc]");
        assertThat(execute("backfill", "--from", "2026-04-01", "--to", "2026-04-02", "--inbox", "x", "--engine", "x")
                        .err())
                .contains("expected one of [duckdb, spark]");
        assertThat(execute("demo", "--engine", "DuckDB").err()).contains("expected one of [duckdb, spark]");
        assertThat(execute("query", "select 1", "--format", "xml").err())
                .contains("expected one of [table, csv, json]");
        // nothing was written: the values are refused before any command runs
        assertThat(warehouse).isEmptyDirectory();
    }

    @Test
    void withoutEngineTheSettingDecides() {
        // one extract step (quick, and it needs no Spark whatever the engine); the engine is one of the
        // night's settings, recorded with the step's run
        System.setProperty("clientele.engine", "spark");
        try {
            assertThat(step("extract-products").out()).contains("(attempt 1, engine spark)");
        } finally {
            System.clearProperty("clientele.engine");
        }
    }

    private Outcome step(String step, String... more) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(
                "run",
                "--date",
                "2026-04-02",
                "--inbox",
                FIXTURE.toString(),
                "--step",
                step,
                "--warehouse",
                warehouse.toString()));
        args.addAll(java.util.List.of(more));
        Outcome outcome = execute(args.toArray(String[]::new));
        assertThat(outcome.status()).as(outcome.err()).isZero();
        return outcome;
    }
}
