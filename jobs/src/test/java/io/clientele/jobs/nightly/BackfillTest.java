package io.clientele.jobs.nightly;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.jobs.PublishedWarehouse;
import io.clientele.jobs.cli.ClienteleCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code clientele backfill}: each date in order, completed dates skipped unless --force; status exit codes. */
class BackfillTest {

    static final Path FIXTURE =
            Path.of("src/test/resources/fixtures/three-months").toAbsolutePath();

    @TempDir
    Path dir;

    private String captured(Runnable action) {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true));
        try {
            action.run();
        } finally {
            System.setOut(original);
        }
        return out.toString();
    }

    @Test
    void runsEachDateOnceAndSkipsCompletedDates() {
        String warehouse = dir.resolve("wh").toString();
        String first = captured(() -> assertThat(ClienteleCli.execute(
                        "backfill",
                        "--from",
                        "2026-03-30",
                        "--to",
                        "2026-04-01",
                        "--inbox",
                        FIXTURE.toString(),
                        "--warehouse",
                        warehouse))
                .isZero());
        assertThat(first)
                .contains("run 2026-03-30 (attempt 1", "run 2026-03-31 (attempt 1", "run 2026-04-01 (attempt 1");
        // the last date is what is published
        assertThat(new PublishedWarehouse(dir.resolve("wh")).rows("SELECT as_of_date FROM warehouse_info"))
                .containsExactly(List.of("2026-04-01"));

        String again = captured(() -> assertThat(ClienteleCli.execute(
                        "backfill",
                        "--from",
                        "2026-03-31",
                        "--to",
                        "2026-04-02",
                        "--inbox",
                        FIXTURE.toString(),
                        "--warehouse",
                        warehouse))
                .isZero());
        assertThat(again)
                .contains(
                        "backfill 2026-03-31: already completed, skipped",
                        "backfill 2026-04-01: already completed, skipped",
                        "run 2026-04-02 (attempt 1");

        String forced = captured(() -> assertThat(ClienteleCli.execute(
                        "backfill",
                        "--from",
                        "2026-04-02",
                        "--to",
                        "2026-04-02",
                        "--inbox",
                        FIXTURE.toString(),
                        "--warehouse",
                        warehouse,
                        "--force"))
                .isZero());
        assertThat(forced).contains("run 2026-04-02 (attempt 2");
        assertThat(ClienteleCli.execute("status", "--warehouse", warehouse)).isZero();
    }

    @Test
    void oneExtractPerNightAndAFailureStopsTheBackfillAndStatusReportsIt() throws IOException {
        for (String date : List.of("2026-04-01", "2026-04-02")) {
            Path inbox = Files.createDirectories(dir.resolve("extracts").resolve(date));
            try (Stream<Path> files = Files.list(FIXTURE)) {
                for (Path f : files.toList()) {
                    Files.copy(f, inbox.resolve(f.getFileName()));
                }
            }
        }
        // the second night's orders file lost its customer_id column: that night fails
        Files.writeString(dir.resolve("extracts/2026-04-02/orders.csv"), "order_id,order_ts\nO1,2026-04-02T10:00:00\n");
        String warehouse = dir.resolve("wh").toString();
        assertThat(ClienteleCli.execute(
                        "backfill",
                        "--from",
                        "2026-04-01",
                        "--to",
                        "2026-04-03",
                        "--inbox",
                        dir.resolve("extracts").toString() + "/{date}",
                        "--warehouse",
                        warehouse))
                .isEqualTo(1);
        assertThat(new PublishedWarehouse(dir.resolve("wh")).rows("SELECT as_of_date FROM warehouse_info"))
                .containsExactly(List.of("2026-04-01"));
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        System.setErr(new PrintStream(err, true));
        try {
            assertThat(ClienteleCli.execute("status", "--warehouse", warehouse)).isEqualTo(1);
        } finally {
            System.setErr(originalErr);
        }
        assertThat(err.toString())
                .contains(
                        "the latest run (2026-04-02) FAILED: extract-orders: orders.csv: missing required column(s) [customer_id]");
    }
}
