package io.clientele.jobs.extract;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.jobs.PublishedWarehouse;
import io.clientele.jobs.cli.ClienteleCli;
import io.clientele.jobs.monitoring.LocalHttpReceiver;
import io.clientele.jobs.monitoring.NightMonitoringChecks;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input: a refused row lands in etl_rejects with its reason and the rest of the file
 * loads; a bad file stops the run before anything is published and leaves the previous
 * warehouse as it was.
 */
class BadInputTest {

    static final Path FIXTURE =
            Path.of("src/test/resources/fixtures/three-months").toAbsolutePath();

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
        Files.writeString(
                file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
    }

    @Test
    void malformedRowsAreRejectedWithTheirReasonAndTheRestLoads() throws Exception {
        Path inbox = inbox("bad-rows");
        // 8 good survey/order rows in the fixture plus one of each kind of bad row
        append(
                inbox.resolve("surveys.csv"),
                "R90,C01,2026-03-01T10:00:00,CSAT,4.5,web,", // not a whole number
                "R91,C01,2026-03-01T10:00:00,NPS,11,web,", // out of range for NPS
                "R92,C01,2026-03-01T10:00:00,STARS,3,web,", // unknown enum
                "R93,,2026-03-01T10:00:00,CSAT,3,web,", // missing required customer_id
                "R94,C01,yesterday,CSAT,3,web,", // unparsable timestamp
                "R95,C01,2026-03-01T10:00:00,CSAT,3", // too few fields
                "R96,C02,2026-03-02T10:00:00,CSAT,5,web,"); // a good one after the bad ones
        append(inbox.resolve("order_lines.csv"), "O01,9,P1,1,-3.00,"); // negative unit_price
        // the night also exports its metrics and lineage: NightMonitoringChecks holds them against the night
        Path metrics = dir.resolve("metrics/clientele.prom");
        try (LocalHttpReceiver pushgateway = new LocalHttpReceiver();
                LocalHttpReceiver lineage = new LocalHttpReceiver()) {
            List<String> settings =
                    new java.util.ArrayList<>(List.of(NightMonitoringChecks.settings(metrics, pushgateway, lineage)));
            // the threshold is lifted: 6 bad of 10 survey rows would otherwise fail the run
            settings.addAll(List.of("clientele.reject-threshold=1", "clientele.inactivity-days=30"));
            assertThat(run(inbox, "2026-04-02", settings.toArray(String[]::new)))
                    .isZero();
            NightMonitoringChecks.assertCompletedNight(
                    metrics, pushgateway, lineage, dir.resolve("warehouse"), inbox, "2026-04-02");
        }

        PublishedWarehouse published = new PublishedWarehouse(dir.resolve("warehouse"));
        assertThat(published.rows("""
                SELECT source, file, line, record_key, column_name, reason FROM etl_rejects ORDER BY source, line"""))
                .containsExactly(
                        List.of(
                                "order_lines",
                                "order_lines.csv",
                                "22",
                                "O01|9",
                                "unit_price",
                                "-3.00 is below the minimum 0"),
                        List.of("surveys", "surveys.csv", "4", "R90", "score", "'4.5' is not a whole number"),
                        List.of("surveys", "surveys.csv", "5", "R91", "score", "11 is outside NPS's range 0..10"),
                        List.of("surveys", "surveys.csv", "6", "R92", "kind", "'STARS' is not one of [CSAT, NPS]"),
                        List.of("surveys", "surveys.csv", "7", "R93", "customer_id", "required value is missing"),
                        List.of(
                                "surveys",
                                "surveys.csv",
                                "8",
                                "R94",
                                "responded_at",
                                "not a valid timestamp: 'yesterday'"),
                        List.of("surveys", "surveys.csv", "9", "NULL", "NULL", "expected 7 fields, found 5"));
        assertThat(published.rows("SELECT raw_row FROM etl_rejects WHERE record_key = 'R92'"))
                .containsExactly(List.of("R92,C01,2026-03-01T10:00:00,STARS,3,web,"));
        // the good rows around them loaded: R96 and the fixture's two answers
        assertThat(published.rows("SELECT response_id FROM fact_survey_response ORDER BY 1"))
                .extracting(r -> r.get(0))
                .containsExactly("R96", "S1", "S2");
    }

    @Test
    void tooManyRejectedRowsFailTheRunBeforeAnythingIsPublished() throws Exception {
        Path inbox = inbox("garbage");
        append(inbox.resolve("orders.csv"), "O90,C01,not-a-date,web,,", "O91,C01,2026-03-01T10:00:00,web,lost,");
        Path metrics = dir.resolve("metrics/clientele.prom");
        // lineage to a file here (the completed night above sends it over HTTP)
        Path lineage = dir.resolve("lineage/events.jsonl");
        try (LocalHttpReceiver pushgateway = new LocalHttpReceiver()) {
            // 2 of 20 orders refused = 10% > the default 5%
            assertThat(run(inbox, "2026-04-02", NightMonitoringChecks.settings(metrics, pushgateway, lineage)))
                    .isNotZero();
            // a failed night still exports, with its status
            NightMonitoringChecks.assertFailedNight(metrics, lineage, "extract-land", "above the reject threshold");
        }
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
        try (OutputStream out =
                Files.newOutputStream(badEncoding.resolve("customers.csv"), java.nio.file.StandardOpenOption.APPEND)) {
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

    /**
     * A products.csv without unit_cost, as every extract was before the column (optional, contract §1),
     * loads as before: every product with its list price and no refused row; unit_cost is null, so
     * no buyer has a cost or a margin and unprofitability is decided by net revenue (§4.16).
     */
    @Test
    void aProductsFileWithoutUnitCostLoadsAsBefore() throws IOException {
        Path inbox = inbox("products-without-unit-cost");
        assertThat(Files.readAllLines(inbox.resolve("products.csv")).get(0))
                .isEqualTo("product_id,name,category,list_price,updated_at");
        assertThat(run(inbox, "2026-04-02")).isZero();
        PublishedWarehouse published = new PublishedWarehouse(dir.resolve("warehouse"));
        assertThat(
                        published.rows(
                                "SELECT product_id, name, category, list_price, is_inferred, unit_cost FROM dim_product ORDER BY 1"))
                .containsExactly(
                        List.of("P1", "Widget", "hardware", "50", "false", "NULL"),
                        List.of("P2", "Gadget", "accessories", "40", "false", "NULL"));
        assertThat(published.rows("SELECT count(*) FROM etl_rejects")).containsExactly(List.of("0"));
        assertThat(published.rows("""
                SELECT count(*) FILTER (WHERE orders > 0), count(cost_of_goods) FILTER (WHERE orders > 0),
                       count(margin) FILTER (WHERE orders > 0),
                       count(*) FILTER (WHERE is_unprofitable <> (net_revenue < 0))
                FROM mart_customer_value""")).containsExactly(List.of("10", "0", "0", "0"));
    }

    /**
     * The framing cases, on both readers: each ends with the right rows loaded or one reject naming the
     * file, line and column, and read = landed + rejected (extract-land fails the run otherwise).
     */
    @ParameterizedTest
    @ValueSource(strings = {"duckdb", "java"})
    void recordsAreFramedByRfc4180AloneAndNothingIsLostSilently(String reader) throws IOException {
        Path inbox = inbox("framing-" + reader);
        // an order id starting with #: a record, not a comment
        append(inbox.resolve("orders.csv"), "#O1001,C01,2026-03-01T10:00:00,web,completed,");
        // a stray quote in an unquoted field mid-file (C06's city) and ten rows from the end (C13's name)
        Path customers = inbox.resolve("customers.csv");
        Files.writeString(
                customers,
                Files.readString(customers).replace("C06,Fi Gran,,,NO,Bergen,", "C06,Fi Gran,,,NO,Bergen 5\",")
                        + "C13,Pizza 12\" Co,,,DK,Aarhus,B2B,organic,Mia,2026-03-01T09:00:00,\n");
        for (int i = 14; i <= 23; i++) {
            append(customers, "C" + i + ",Name " + i + ",,,DK,Vejle,B2C,organic,Mia,2026-03-01T09:00:00,");
        }
        // a value ending in a backslash, then a row that must stay its own
        append(inbox.resolve("products.csv"), "P3,Gizmo\\,hardware,5.00,", "P4,Thing,hardware,6.00,");
        // a quote that never closes, on the first row: that row alone is lost (line 2, responded_at)
        Path surveys = inbox.resolve("surveys.csv");
        Files.writeString(
                surveys,
                Files.readString(surveys).replaceFirst("\n", "\nS0,C01,\"2026-03-01T10:00:00,CSAT,4,order,O01\n"));
        // a NUL byte (line 3, topic) and a 10 MB value (line 4), then an ordinary row
        append(
                inbox.resolve("interactions.csv"),
                "I2,C02,2026-02-01T09:00:00,phone,inbound,de\0livery,A1",
                "I3,C02,2026-02-02T09:00:00,chat,inbound," + "a".repeat(10_000_000) + ",A1",
                "I4,C02,2026-02-03T09:00:00,phone,outbound,callback,A2");
        // a blank line (line 22) between order lines
        append(inbox.resolve("order_lines.csv"), "", "O17,2,P2,1,40.00,");
        // a byte order mark and CRLF line ends: read as ever
        Path contracts = inbox.resolve("contracts.csv");
        Files.writeString(contracts, "\uFEFF" + Files.readString(contracts).replace("\n", "\r\n"));

        assertThat(run(inbox, "2026-04-02", "clientele.reject-threshold=1", "clientele.extract.csv-reader=" + reader))
                .isZero();

        PublishedWarehouse published = new PublishedWarehouse(dir.resolve("warehouse"));
        assertThat(published.rows("""
                SELECT source, file, line, record_key, column_name, reason FROM etl_rejects ORDER BY source, line"""))
                .containsExactly(
                        List.of(
                                "interactions",
                                "interactions.csv",
                                "3",
                                "I2",
                                "topic",
                                "NUL byte in the value (character 3 of 9)"),
                        List.of(
                                "order_lines",
                                "order_lines.csv",
                                "22",
                                "NULL",
                                "NULL",
                                "blank line (expected 6 fields)"),
                        List.of(
                                "surveys",
                                "surveys.csv",
                                "2",
                                "NULL",
                                "responded_at",
                                "unparsable record: unterminated"
                                        + " quote: the quoted field opened on line 2 in column 'responded_at' is not closed before"
                                        + " the end of the file; only line 2 is refused"));
        assertThat(published.rows("SELECT order_id FROM fact_order WHERE order_id LIKE '#%'"))
                .containsExactly(List.of("#O1001"));
        assertThat(published.rows("SELECT count(*) FROM fact_order")).containsExactly(List.of("18"));
        assertThat(published.rows("SELECT count(DISTINCT customer_id) FROM dim_customer"))
                .containsExactly(List.of("23"));
        assertThat(published.rows("SELECT customer_id, name, city FROM dim_customer WHERE customer_id IN ('C06', 'C13',"
                        + " 'C23') AND is_current ORDER BY 1"))
                .containsExactly(
                        List.of("C06", "Fi Gran", "Bergen 5\""),
                        List.of("C13", "Pizza 12\" Co", "Aarhus"),
                        List.of("C23", "Name 23", "Vejle"));
        assertThat(published.rows("SELECT product_id, name FROM dim_product ORDER BY 1"))
                .containsExactly(
                        List.of("P1", "Widget"),
                        List.of("P2", "Gadget"),
                        List.of("P3", "Gizmo\\"),
                        List.of("P4", "Thing"));
        assertThat(published.rows("SELECT response_id FROM fact_survey_response ORDER BY 1"))
                .containsExactly(List.of("S1"), List.of("S2"));
        assertThat(published.rows("SELECT interaction_id, length(topic) FROM fact_interaction ORDER BY 1"))
                .containsExactly(List.of("I1", "8"), List.of("I3", "10000000"), List.of("I4", "8"));
        assertThat(published.rows("SELECT count(*) FROM fact_order_line WHERE order_id = 'O17'"))
                .containsExactly(List.of("2"));
        assertThat(published.rows("SELECT contract_id FROM fact_contract")).containsExactly(List.of("K1"));
    }

    /** Files no reader can trust stop the run with one line on stderr naming the file. */
    @Test
    void aFileNoReaderCanTrustStopsTheRunWithOneLineNamingIt() throws IOException {
        Path binary = inbox("binary");
        Files.write(binary.resolve("products.csv"), new byte[] {
            (byte) 0x89,
            'P',
            'N',
            'G',
            '\r',
            '\n',
            0x1a,
            '\n',
            0,
            0,
            0,
            13,
            'I',
            'H',
            'D',
            'R',
            (byte) 0xff,
            (byte) 0xfe
        });
        assertThat(failure(binary)).isEqualTo("extract-products: products.csv: not valid UTF-8 text");

        Path latin1 = inbox("latin-1");
        try (OutputStream out =
                Files.newOutputStream(latin1.resolve("customers.csv"), java.nio.file.StandardOpenOption.APPEND)) {
            out.write("C13,J\u00f6rg,,,DE,K\u00f6ln,B2C,organic,Mia,2026-03-01T09:00:00,\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
        }
        assertThat(failure(latin1)).isEqualTo("extract-customers: customers.csv: not valid UTF-8 text");

        Path twice = inbox("duplicated-column");
        Files.writeString(twice.resolve("products.csv"), "product_id,name,name,category\nP1,Widget,Widget,hardware\n");
        assertThat(failure(twice))
                .isEqualTo("extract-products: products.csv: column 'name' appears twice in the header");

        Path semicolons = inbox("semicolons");
        Files.writeString(semicolons.resolve("products.csv"), "product_id;name;category\nP1;Widget;hardware\n");
        assertThat(failure(semicolons))
                .startsWith(
                        "extract-products: products.csv: unknown column(s) [product_id;name;category] in the header");

        Path empty = inbox("empty-file");
        Files.writeString(empty.resolve("surveys.csv"), "");
        assertThat(failure(empty)).isEqualTo("extract-surveys: surveys.csv: the file is empty: no header row");

        Path truncated = inbox("truncated");
        byte[] gz = gzip(Files.readAllBytes(truncated.resolve("order_lines.csv")));
        Files.delete(truncated.resolve("order_lines.csv"));
        Files.write(truncated.resolve("order_lines.csv.gz"), java.util.Arrays.copyOf(gz, gz.length / 2));
        assertThat(failure(truncated)).startsWith("extract-order_lines: order_lines.csv.gz: unreadable gzip (");
    }

    /** The run's one-line reason on stderr, after "clientele: run D FAILED: "; the run must fail. */
    private String failure(Path inbox) {
        java.io.PrintStream before = System.err;
        var captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
        int status;
        try {
            status = run(inbox, "2026-04-02");
        } finally {
            System.setErr(before);
        }
        assertThat(status).isNotZero();
        List<String> reasons = captured.toString(StandardCharsets.UTF_8)
                .lines()
                .filter(l -> l.startsWith("clientele: "))
                .toList();
        assertThat(reasons).hasSize(1);
        assertThat(reasons.get(0)).startsWith("clientele: run 2026-04-02 FAILED: ");
        return reasons.get(0).substring("clientele: run 2026-04-02 FAILED: ".length());
    }

    private static byte[] gzip(byte[] data) throws IOException {
        var bytes = new java.io.ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }
}
