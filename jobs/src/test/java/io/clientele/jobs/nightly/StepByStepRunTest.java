package io.clientele.jobs.nightly;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.jobs.ClienteleProcess;
import io.clientele.jobs.PublishedWarehouse;
import io.clientele.jobs.cli.ClienteleCli;
import io.clientele.schemas.SourceContract;
import io.clientele.schemas.SourceContracts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code clientele run --step}: a night run step by step, the way the Airflow DAG runs it —
 * extract steps in parallel processes sharing the job repository, then one step after the
 * other — ends with the same warehouse as the whole-night {@code run}; a step refuses to run
 * before the steps it needs, and a completed step run again does nothing.
 */
class StepByStepRunTest {

    static final Path FIXTURE =
            Path.of("src/test/resources/fixtures/three-months").toAbsolutePath();
    static final String DATE = "2026-04-02";

    @TempDir
    Path dir;

    record Outcome(int exit, String out, String err) {}

    private static Outcome clientele(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true));
        System.setErr(new PrintStream(e, true));
        try {
            return new Outcome(ClienteleCli.execute(args), o.toString(), e.toString());
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private static List<String> errorLines(Outcome outcome) {
        return outcome.err().lines().filter(l -> l.startsWith("clientele:")).toList();
    }

    @Test
    void stepsInParallelProcessesThenInOrderEqualTheWholeNight() throws Exception {
        Path steps = dir.resolve("steps");
        Path whole = dir.resolve("whole");
        for (Path warehouse : List.of(steps, whole)) {
            Files.createDirectories(warehouse.resolve("meta"));
            Files.writeString(warehouse.resolve("meta/pii-salt"), "same-salt");
        }
        String w = steps.toString();

        // four extract steps start at once in processes of their own on a fresh warehouse, and the others run
        // in this JVM meanwhile: one job repository file, which the first process to open it serves to the
        // others (H2 AUTO_SERVER) and, as it ends, hands over only once they are done with it
        List<String> inChildren = List.of("orders", "order_lines", "customers", "complaints");
        List<ClienteleProcess> children = new ArrayList<>();
        for (String source : inChildren) {
            children.add(ClienteleProcess.start(
                    dir.resolve("logs"),
                    "extract-" + source,
                    // one child logs as a log shipper wants it: one ECS JSON object per line (docs/monitoring.md),
                    // through the shipped log configuration rather than the tests' log4j2-test.xml
                    source.equals("customers")
                            ? java.util.Map.of(
                                    "LOGGING_STRUCTURED_FORMAT_CONSOLE",
                                    "ecs",
                                    "LOGGING_CONFIG",
                                    "classpath:log4j2-spring.xml")
                            : java.util.Map.of(),
                    "run",
                    "--date",
                    DATE,
                    "--inbox",
                    FIXTURE.toString(),
                    "--step",
                    "extract-" + source,
                    "--warehouse",
                    w));
        }
        for (SourceContract source : SourceContracts.all()) {
            if (!inChildren.contains(source.source())) {
                Outcome extract = clientele(
                        "run",
                        "--date",
                        DATE,
                        "--inbox",
                        FIXTURE.toString(),
                        "--step",
                        "extract-" + source.source(),
                        "--warehouse",
                        w);
                assertThat(extract.exit()).as(extract.err()).isZero();
            }
        }
        for (ClienteleProcess child : children) {
            assertThat(child.waitFor(600)).as(child.err()).isZero();
            assertThat(child.out()).contains("COMPLETED");
        }
        String structured = children.get(inChildren.indexOf("customers")).err();
        assertThat(structured.lines().filter(l -> !l.startsWith("{")))
                .as(structured)
                .isEmpty();
        List<com.fasterxml.jackson.databind.JsonNode> ecs = new ArrayList<>();
        for (String line : structured.lines().toList()) {
            ecs.add(new com.fasterxml.jackson.databind.ObjectMapper().readTree(line));
        }
        assertThat(ecs)
                .allSatisfy(
                        e -> assertThat(e.path("ecs").path("version").asText()).isNotEmpty());
        assertThat(ecs).anySatisfy(e -> {
            assertThat(e.path("message").asText()).isEqualTo("step extract-customers started");
            assertThat(e.path("log").path("level").asText()).isEqualTo("INFO");
            assertThat(e.path("@timestamp").asText()).isNotEmpty();
        });

        // a later step refuses, naming what it waits for, in one line
        Outcome early = clientele("run", "--date", DATE, "--step", "model", "--warehouse", w);
        assertThat(early.exit()).isEqualTo(1);
        assertThat(errorLines(early))
                .containsExactly("clientele: step model for " + DATE
                        + " needs stage completed first for that date (clientele run --date " + DATE
                        + " --step stage)");

        for (String step :
                List.of("extract-land", "stage", "model", "predict", "predict-churn", "marts", "publish", "check")) {
            Outcome outcome = clientele("run", "--date", DATE, "--step", step, "--warehouse", w);
            assertThat(outcome.exit()).as(step + ": " + outcome.err()).isZero();
            assertThat(outcome.out()).contains("run " + DATE + " step " + step + " (attempt 1");
        }

        // a completed step is left as it is: no new execution, same tables
        var before = new PublishedWarehouse(steps).contents();
        Outcome again = clientele("run", "--date", DATE, "--step", "stage", "--warehouse", w);
        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains("run " + DATE + " step stage: already completed, nothing to do");
        assertThat(new PublishedWarehouse(steps).contents()).isEqualTo(before);

        // a step of the published night forced again on its own has nothing to read (publish moved the
        // landing and the work): refused in one line, the warehouse as it was
        for (String step : List.of("stage", "model", "marts", "publish")) {
            Outcome forced = clientele("run", "--date", DATE, "--step", step, "--force", "--warehouse", w);
            assertThat(forced.exit()).as(step).isEqualTo(1);
            assertThat(errorLines(forced))
                    .containsExactly("clientele: step " + step + " for " + DATE + " has no input: the night of that"
                            + " date is published and its work is in the warehouse; run the whole night again"
                            + " (clientele run --date " + DATE + "), or its steps again from the extract");
        }
        assertThat(clientele("run", "--date", DATE, "--step", "check", "--force", "--warehouse", w)
                        .exit())
                .isZero();
        assertThat(new PublishedWarehouse(steps).contents()).isEqualTo(before);

        // the history of all three processes is in the one job repository
        Outcome status = clientele("status", "--last", "30", "--warehouse", w);
        assertThat(status.exit()).isZero();
        for (SourceContract source : SourceContracts.all()) {
            assertThat(status.out()).contains("run " + DATE + " step extract-" + source.source() + " (attempt 1");
        }

        assertThat(ClienteleCli.execute(
                        "run", "--date", DATE, "--inbox", FIXTURE.toString(), "--warehouse", whole.toString()))
                .isZero();
        var wholeNight = new PublishedWarehouse(whole).contents();
        assertThat(before.keySet()).contains("fact_order_line", "mart_churn_monthly", "dq_report");
        assertThat(before.get("fact_order_line")).isNotEmpty();
        assertThat(before).isEqualTo(wholeNight);
    }

    @Test
    void extractLandWaitsForEverySourceAndAFailedStepRunsAgainWhereItFailed() throws Exception {
        String w = dir.resolve("wh").toString();
        assertThat(clientele(
                                "run",
                                "--date",
                                DATE,
                                "--inbox",
                                FIXTURE.toString(),
                                "--step",
                                "extract-orders",
                                "--warehouse",
                                w)
                        .exit())
                .isZero();
        Outcome land = clientele("run", "--date", DATE, "--step", "extract-land", "--warehouse", w);
        assertThat(land.exit()).isEqualTo(1);
        assertThat(errorLines(land))
                .singleElement()
                .satisfies(line -> assertThat(line)
                        .startsWith("clientele: step extract-land for " + DATE + " needs extract-customers, ")
                        .contains("extract-order_lines")
                        .doesNotContain("extract-orders,"));

        Outcome unknown = clientele("run", "--date", DATE, "--step", "modle", "--warehouse", w);
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(errorLines(unknown))
                .singleElement()
                .satisfies(line -> assertThat(line).startsWith("clientele: unknown step 'modle' (steps: extract-"));
    }
}
