package io.clientele.jobs.nightly;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.jobs.PublishedWarehouse;
import io.clientele.jobs.cli.ClienteleCli;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/contract.md §2: re-running a date with the same input leaves every table as one run left it. */
class RerunIdempotenceTest {

    static final Path FIXTURE =
            Path.of("src/test/resources/fixtures/three-months").toAbsolutePath();

    @TempDir
    Path warehouse;

    private int run(String date) {
        return ClienteleCli.execute(
                "run", "--date", date, "--inbox", FIXTURE.toString(), "--warehouse", warehouse.toString());
    }

    @Test
    void theSameDateRunTwiceLeavesEveryTableIdentical() {
        assertThat(run("2026-04-02")).isZero();
        Map<String, List<List<String>>> once = new PublishedWarehouse(warehouse).contents();

        assertThat(run("2026-04-02")).isZero();
        Map<String, List<List<String>>> twice = new PublishedWarehouse(warehouse).contents();

        assertThat(once.keySet())
                .contains(
                        "mart_cohort_retention",
                        "mart_churn_monthly",
                        "mart_customer_value",
                        "dim_customer",
                        "fact_order_line",
                        "etl_rejects");
        assertThat(once.get("fact_order_line")).isNotEmpty();
        assertThat(twice).isEqualTo(once);
    }

    @Test
    void aRepeatedExtractOnTheNextNightAddsNoFacts() {
        assertThat(run("2026-04-01")).isZero();
        Map<String, List<List<String>>> first = new PublishedWarehouse(warehouse).contents();
        // the same rows again the next night: upserts by natural key, nothing new;
        // only the as-of date moves (so the marts and the calendar do)
        assertThat(run("2026-04-02")).isZero();
        Map<String, List<List<String>>> second = new PublishedWarehouse(warehouse).contents();
        assertThat(second.get("fact_complaint")).hasSameSizeAs(first.get("fact_complaint"));
        assertThat(second.get("dim_customer")).isEqualTo(first.get("dim_customer"));
        // no event of the fixture falls on 04-02, so the facts are the same rows
        assertThat(second.get("fact_order_line")).isEqualTo(first.get("fact_order_line"));
    }

    @Test
    void aNightThatFailedHalfWayAndIsRunAgainEndsAsAnUninterruptedNight() throws java.io.IOException {
        Path interrupted = warehouse.resolve("interrupted");
        Path uninterrupted = warehouse.resolve("uninterrupted");
        for (Path dir : List.of(interrupted, uninterrupted)) {
            java.nio.file.Files.createDirectories(dir.resolve("meta"));
            java.nio.file.Files.writeString(dir.resolve("meta/pii-salt"), "same-salt");
        }
        // DuckDB cannot work in 1 MB: the night fails in the stage step, after the extract
        System.setProperty("clientele.duckdb.memory-limit", "1MB");
        try {
            assertThat(ClienteleCli.execute(
                            "run",
                            "--date",
                            "2026-04-02",
                            "--inbox",
                            FIXTURE.toString(),
                            "--warehouse",
                            interrupted.toString()))
                    .isNotZero();
        } finally {
            System.clearProperty("clientele.duckdb.memory-limit");
        }
        assertThat(interrupted.resolve("clientele.duckdb")).doesNotExist();
        // run again with the same extract: Spring Batch restarts the same job instance at the
        // failed step (the extract steps are not repeated)
        assertThat(ClienteleCli.execute(
                        "run",
                        "--date",
                        "2026-04-02",
                        "--inbox",
                        FIXTURE.toString(),
                        "--warehouse",
                        interrupted.toString()))
                .isZero();
        assertThat(ClienteleCli.execute(
                        "run",
                        "--date",
                        "2026-04-02",
                        "--inbox",
                        FIXTURE.toString(),
                        "--warehouse",
                        uninterrupted.toString()))
                .isZero();
        assertThat(new PublishedWarehouse(interrupted).contents())
                .isEqualTo(new PublishedWarehouse(uninterrupted).contents());
    }
}
