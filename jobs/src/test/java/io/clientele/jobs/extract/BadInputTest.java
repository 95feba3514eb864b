package io.clientele.jobs.extract;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.jobs.PublishedWarehouse;
import io.clientele.jobs.cli.ClienteleCli;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input: a refused row lands in etl_rejects with its reason and the rest of the file
 * loads; a bad file stops the run before anything is published and leaves the previous
 * warehouse as it was.
 */
class BadInputTest {

    static final Path FIXTURE = Path.of("src/test/resources/fixtures/three-months").toAbsolutePath();

    @TempDir
    Path dir;

    private Path inbox(String name) throws IOException {
        Path inbox = Files.createDirectories(dir.resolve(name));
        try (Stream<Path> files = Files.list(FIXTURE)) {
            for (Path f : files.toList()) {
                Files.copy(f, inbox.resolve(f.getFileName()));
            }
        }
        return inbox;
    }

    private int run(Path inbox, String date, String... settings) {
        Path warehouse = dir.resolve("warehouse");
        String[] args = {"run", "--date", date, "--inbox", inbox.toString(), "--warehouse", warehouse.toString()};
        for (String setting : settings) {
            System.setProperty(setting.substring(0, setting.indexOf('=')), setting.substring(setting.indexOf('=') + 1));
        }
        try {
            return ClienteleCli.execute(args);
        } finally {
            for (String setting : settings) {
                System.clearProperty(setting.substring(0, setting.indexOf('=')));
            }
        }
    }

    private static void append(Path file, String... lines) throws IOException {
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
    }

    @Test
    void malformedRowsAreRejectedWithTheirReasonAndTheRestLoads() throws IOException {
        Path inbox = inbox("bad-rows");
        // 8 good survey/order rows in the fixture plus one of each kind of bad row
        append(inbox.resolve("surveys.csv"),
                "R90,C01,2026-03-01T10:00:00,CSAT,4.5,web,",      // not a whole number
                "R91,C01,2026-03-01T10:00:00,NPS,11,web,",        // out of range for NPS
                "R92,C01,2026-03-01T10:00:00,STARS,3,web,",       // unknown enum
                "R93,,2026-03-01T10:00:00,CSAT,3,web,",           // missing required customer_id
                "R94,C01,yesterday,CSAT,3,web,",                  // unparsable timestamp
                "R95,C01,2026-03-01T10:00:00,CSAT,3",             // too few fields
                "R96,C02,2026-03-02T10:00:00,CSAT,5,web,");       // a good one after the bad ones
        append(inbox.resolve("order_lines.csv"), "O01,9,P1,1,-3.00,");  // negative unit_price
        // the threshold is lifted: 6 bad of 10 survey rows would otherwise fail the run
        assertThat(run(inbox, "2026-04-02", "clientele.reject-threshold=1", "clientele.inactivity-days=30")).isZero();

        PublishedWarehouse published = new PublishedWarehouse(dir.resolve("warehouse"));
        assertThat(published.rows("""
                SELECT source, file, line, record_key, column_name, reason FROM etl_rejects ORDER BY source, line"""))
                .containsExactly(
                        List.of("order_lines", "order_lines.csv", "22", "O01|9", "unit_price", "-3.00 is below the minimum 0"),
                        List.of("surveys", "surveys.csv", "4", "R90", "score", "'4.5' is not a whole number"),
                        List.of("surveys", "surveys.csv", "5", "R91", "score", "11 is outside NPS's range 0..10"),
                        List.of("surveys", "surveys.csv", "6", "R92", "kind", "'STARS' is not one of [CSAT, NPS]"),
                        List.of("surveys", "surveys.csv", "7", "R93", "customer_id", "required value is missing"),
                        List.of("surveys", "surveys.csv", "8", "R94", "responded_at", "not a valid timestamp: 'yesterday'"),
                        List.of("surveys", "surveys.csv", "9", "NULL", "NULL", "expected 7 fields, found 5"));
        assertThat(published.rows("SELECT raw_row FROM etl_rejects WHERE record_key = 'R92'"))
                .containsExactly(List.of("R92,C01,2026-03-01T10:00:00,STARS,3,web,"));
        // the good rows around them loaded: R96 and the fixture's two answers
        assertThat(published.rows("SELECT response_id FROM fact_survey_response ORDER BY 1"))
                .extracting(r -> r.get(0)).containsExactly("R96", "S1", "S2");
    }

    @Test
    void tooManyRejectedRowsFailTheRunBeforeAnythingIsPublished() throws IOException {
        Path inbox = inbox("garbage");
        append(inbox.resolve("orders.csv"), "O90,C01,not-a-date,web,,", "O91,C01,2026-03-01T10:00:00,web,lost,");
        // 2 of 20 orders refused = 10% > the default 5%
        assertThat(run(inbox, "2026-04-02")).isNotZero();
        assertThat(dir.resolve("warehouse/clientele.duckdb")).doesNotExist();
    }

    @Test
    void aBadFileStopsTheRunAndLeavesThePreviousWarehouseAsItWas() throws IOException {
        Path good = inbox("good");
        assertThat(run(good, "2026-04-01")).isZero();
        Path duckdb = dir.resolve("warehouse/clientele.duckdb");
        byte[] before = Files.readAllBytes(duckdb);

        Path missingColumn = inbox("missing-column");
        Files.writeString(missingColumn.resolve("orders.csv"), "order_id,order_ts\nO1,2026-01-01T00:00:00\n");
        assertThat(run(missingColumn, "2026-04-02")).isNotZero();

        Path unknownColumn = inbox("unknown-column");
        Files.writeString(unknownColumn.resolve("products.csv"), "product_id,name,colour\nP1,Thing,red\n");
        assertThat(run(unknownColumn, "2026-04-02")).isNotZero();

        Path badEncoding = inbox("bad-encoding");
        try (OutputStream out = Files.newOutputStream(badEncoding.resolve("customers.csv"),
                java.nio.file.StandardOpenOption.APPEND)) {
            out.write(new byte[] {'C', '9', '9', ',', (byte) 0xC3, (byte) 0x28, ',', '\n'});
        }
        assertThat(run(badEncoding, "2026-04-02")).isNotZero();

        Path emptyFile = inbox("empty");
        Files.writeString(emptyFile.resolve("surveys.csv"), "");
        assertThat(run(emptyFile, "2026-04-02")).isNotZero();

        Path truncatedGzip = inbox("truncated-gzip");
        byte[] gz = gzip(Files.readAllBytes(truncatedGzip.resolve("order_lines.csv")));
        Files.delete(truncatedGzip.resolve("order_lines.csv"));
        Files.write(truncatedGzip.resolve("order_lines.csv.gz"), java.util.Arrays.copyOf(gz, gz.length / 2));
        assertThat(run(truncatedGzip, "2026-04-02")).isNotZero();

        Path noOrders = inbox("no-orders");
        Files.delete(noOrders.resolve("orders.csv"));
        assertThat(run(noOrders, "2026-04-02")).isNotZero();

        assertThat(Files.readAllBytes(duckdb)).isEqualTo(before);
        assertThat(new PublishedWarehouse(dir.resolve("warehouse")).rows("SELECT as_of_date FROM warehouse_info"))
                .containsExactly(List.of("2026-04-01"));
    }

    @Test
    void aGzippedExtractLoadsLikeThePlainOne() throws IOException {
        Path inbox = inbox("gzipped");
        for (String source : List.of("orders", "order_lines")) {
            Path csv = inbox.resolve(source + ".csv");
            Files.write(inbox.resolve(source + ".csv.gz"), gzip(Files.readAllBytes(csv)));
            Files.delete(csv);
        }
        assertThat(run(inbox, "2026-04-02")).isZero();
        assertThat(new PublishedWarehouse(dir.resolve("warehouse")).rows("SELECT count(*) FROM fact_order"))
                .containsExactly(List.of("17"));
    }

    private static byte[] gzip(byte[] data) throws IOException {
        var bytes = new java.io.ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }
}
