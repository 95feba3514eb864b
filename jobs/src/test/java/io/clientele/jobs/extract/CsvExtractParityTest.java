package io.clientele.jobs.extract;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.demo.DemoExtractGenerator;
import io.clientele.demo.DemoOptions;
import io.clientele.jobs.ClienteleProcess;
import io.clientele.schemas.SourceContract;
import io.clientele.schemas.SourceContracts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code clientele.extract.csv-reader=duckdb} lands exactly what {@code java} lands: the same
 * rows (with their lines) and the same rejects (with their reasons and raw records), on a demo
 * extract with broken and unusual rows of every kind appended (ids starting with {@code #}, a
 * quote inside an unquoted field, a value ending in a backslash, a NUL byte: all read by DuckDB),
 * and files DuckDB must leave to the Java reader (a blank line, an unterminated quote, blanks
 * beside a quote).
 */
class CsvExtractParityTest {

    private static final LocalDate RUN = LocalDate.of(2026, 3, 31);

    @TempDir
    Path dir;

    @Test
    void duckDbAndJavaReadersLandTheSameRowsAndRejects() throws Exception {
        Path inbox = dir.resolve("inbox");
        new DemoExtractGenerator().generate(inbox, new DemoOptions(300, 42L, RUN));
        breakFiles(inbox);

        String javaLog = extract(inbox, "java");
        String duckLog = extract(inbox, "duckdb");

        // the DuckDB path was taken where it can be, and left the odd files to the Java reader
        for (String file : List.of(
                "orders.csv",
                "order_lines.csv",
                "customers.csv",
                "surveys.csv.gz",
                "marketing_spend.csv",
                "products.csv",
                "interactions.csv")) {
            assertThat(duckLog).as(file).containsPattern("DuckDB read \\d+ records of " + file.replace(".", "\\."));
        }
        for (String file : List.of("complaints.csv", "contracts.csv")) {
            assertThat(duckLog).as(file).contains(file + " is read by the Java reader");
        }
        assertThat(javaLog).doesNotContain("DuckDB read");

        Path javaLanding = dir.resolve("java/landing").resolve(RUN.toString());
        Path duckLanding = dir.resolve("duckdb/landing").resolve(RUN.toString());
        for (SourceContract source : SourceContracts.all()) {
            String name = source.source();
            List<List<String>> rows = rows(javaLanding.resolve(name).resolve("rows.parquet"));
            assertThat(rows(duckLanding.resolve(name).resolve("rows.parquet")))
                    .as(name + " rows")
                    .isEqualTo(rows);
            assertThat(rows(duckLanding.resolve(name).resolve("rejects.parquet")))
                    .as(name + " rejects")
                    .isEqualTo(rows(javaLanding.resolve(name).resolve("rejects.parquet")));
            assertThat(rows).as(name).isNotEmpty();
        }

        // and what was landed is right, by hand: the unusual spellings made canonical, the lines counted
        // past the quoted line breaks (customers: C9001's name spans lines 302-303, and a record is numbered
        // by its last line, as FlatFileItemReader does; C9004 is on 306)
        Path customers = duckLanding.resolve("customers/rows.parquet");
        assertThat(query(
                        customers,
                        "SELECT customer_id, _line, name, customer_type, acquisition_channel FROM rows"
                                + " WHERE customer_id IN ('C9001', 'C9003', 'C9004', 'C9006', 'C9007') ORDER BY 1"))
                .containsExactly(
                        List.of("C9001", "303", "Anna\nMaria", "B2C", "référence"),
                        List.of("C9003", "305", "Ö, \"Quoted\"", "B2B", "NULL"),
                        List.of("C9004", "306", "Bo", "B2C", "paid_search"),
                        List.of("C9006", "308", "Pizza 12\" Co", "B2C", "NULL"),
                        List.of("C9007", "309", "Bo", "B2C", "NULL"));
        // a # at a record's start and a trailing backslash are text
        assertThat(query(
                        duckLanding.resolve("products/rows.parquet"),
                        "SELECT product_id, _line, name FROM rows"
                                + " WHERE product_id IN ('#P9004', 'P9005') ORDER BY 1"))
                .containsExactly(
                        List.of("#P9004", String.valueOf(productRows + 2), "Thing"),
                        List.of("P9005", String.valueOf(productRows + 3), "Thing\\"));
        assertThat(query(
                        duckLanding.resolve("interactions/rows.parquet"),
                        "SELECT interaction_id, _line, topic FROM rows"
                                + " WHERE interaction_id IN ('#I9001', 'I9004') ORDER BY 1"))
                .containsExactly(
                        List.of("#I9001", String.valueOf(interactionRows + 2), "x"),
                        List.of("I9004", String.valueOf(interactionRows + 5), "refund\\"));
        assertThat(query(
                        duckLanding.resolve("interactions/rejects.parquet"),
                        "SELECT file, line, column_name, reason" + " FROM rows"))
                .containsExactly(List.of(
                        "interactions.csv",
                        String.valueOf(interactionRows + 4),
                        "topic",
                        "NUL byte in the value (character 2 of 3)"));
        // the unterminated quote on line 2 costs that line alone; the blank line is a refused record
        assertThat(query(
                        duckLanding.resolve("complaints/rejects.parquet"),
                        "SELECT line, column_name,"
                                + " regexp_replace(reason, ' (is not closed|closes).*', '') FROM rows ORDER BY line"))
                .containsExactly(
                        List.of(
                                "2",
                                "category",
                                "unparsable record: unterminated quote: the quoted field opened on line 2 in"
                                        + " column 'category'"),
                        List.of(String.valueOf(complaintRows + 3), "NULL", "blank line (expected 13 fields)"));
        assertThat(query(duckLanding.resolve("complaints/rows.parquet"), "SELECT count(*) FROM rows"))
                .containsExactly(List.of(String.valueOf(complaintRows + 1)));
        assertThat(query(
                        duckLanding.resolve("order_lines/rows.parquet"),
                        "SELECT line_no, quantity, unit_price,"
                                + " discount_amount FROM rows WHERE order_id = 'O9001' ORDER BY _line"))
                .containsExactly(
                        List.of("1", "1000", "7.5", "0"),
                        List.of("2", "4", "100", "-0.5"),
                        List.of("3", "3", "0", "NULL"),
                        List.of("7", "12345678901234567890", "1", "NULL"));
        assertThat(query(
                        duckLanding.resolve("orders/rows.parquet"),
                        "SELECT order_id, order_ts, channel, status FROM rows"
                                + " WHERE order_id LIKE 'O90%' ORDER BY 1"))
                .containsExactly(
                        List.of("O9001", "2026-03-01 08:00:00", "web", "completed"),
                        List.of("O9002", "2026-03-01 10:00:00.500000", "web", "completed"),
                        List.of("O9003", "2026-03-01 10:00:00", "store", "completed"));
        assertThat(query(
                        duckLanding.resolve("surveys/rejects.parquet"),
                        "SELECT line, column_name, reason FROM rows" + " ORDER BY line"))
                .containsExactly(
                        List.of(String.valueOf(surveyRows + 2), "score", "0 is outside CSAT's range 1..5"),
                        List.of(String.valueOf(surveyRows + 3), "score", "'4.5' is not a whole number"));
    }

    private long surveyRows;
    private long productRows;
    private long interactionRows;
    private long complaintRows;

    /** Appends broken and unusual rows to the demo files; some files get a shape only Java reads. */
    private void breakFiles(Path inbox) throws IOException {
        append(
                inbox.resolve("orders.csv"),
                "O9001,C0000001,2026-03-01T10:00:00+02:00,WEB,COMPLETED,", // offset, upper case: Java makes it
                // canonical
                "O9002,C0000001,2026-03-01T10:00:00.5,web,,", // fraction; status default
                "O9003,C0000002,2026-03-01 10:00:00, store ,completed,", // blanks around a value
                "O9004,C0000002,2026-02-30T10:00:00,web,completed,", // no such day
                "O9005,C0000002,2026-03-01T24:00:00,web,completed,", // no such hour
                "O9006,,2026-03-01T10:00:00,web,completed,", // required value missing
                "O9007,C0000002,2026-03-01T10:00:00,web,lost,"); // not in the enumeration
        // order lines with CRLF line ends throughout
        append(
                inbox.resolve("order_lines.csv"),
                "O9001,1,P0001,1e3,007.50,-0.0", // 1e3 is a whole number to Java
                "O9001,2,P0001,4.0,100,-00.50",
                "O9001,3,P0001,+3,-0.00,",
                "O9001,4,P0001,4.5,1.00,", // not a whole number
                "O9001,5,P0001,1,-0.01,", // below the minimum
                "O9001,6,P0001,1,abc,",
                "O9001,7,P0001,12345678901234567890,1,");
        Path lines = inbox.resolve("order_lines.csv");
        Files.writeString(lines, Files.readString(lines).replace("\n", "\r\n"));
        // quoted line breaks, quotes and non-ASCII text in customers
        long customerLines = Files.readAllLines(inbox.resolve("customers.csv")).size();
        assertThat(customerLines).isEqualTo(301);
        append(
                inbox.resolve("customers.csv"),
                "C9001,\"Anna\nMaria\",Anna@Example.COM,+49 1,Germany,Köln,B2C,Référence,,2026-01-01T00:00:00,",
                "C9002,Jörg,jörg@example.de, +49 2 ,Germany,,b2b,,,2026-01-01T00:00:00,",
                "C9003,\"Ö, \"\"Quoted\"\"\",,,,,B2B,,,2026-01-01T00:00:00,",
                "C9004,Bo,bo@example.com,,,,B2C,Paid_Search,,2026-01-01T00:00:00,",
                "C9005,Bo,bo@example.com,,,,B2C,,,,", // created_at missing
                "C9006,Pizza 12\" Co,,,,,B2C,,,2026-01-01T00:00:00,", // a quote inside an unquoted field
                "C9007,Bo,,,,,B2C,,,2026-01-01T00:00:00,");
        // surveys gzipped
        Path surveys = inbox.resolve("surveys.csv");
        surveyRows = Files.readAllLines(surveys).size() - 1;
        append(
                surveys,
                "R9001,C0000001,2026-03-01T10:00:00,CSAT,0,web,", // outside CSAT's range
                "R9002,C0000001,2026-03-01T10:00:00,CSAT,4.5,web,",
                "R9003,C0000001,2026-03-01T10:00:00,nps,10,web,",
                "R9004,C0000001,2026-03-01T10:00:00,NPS, 7 ,web,");
        try (var out = new GZIPOutputStream(Files.newOutputStream(inbox.resolve("surveys.csv.gz")))) {
            out.write(Files.readAllBytes(surveys));
        }
        Files.delete(surveys);
        append(
                inbox.resolve("products.csv"),
                "P9001,Thing,misc,12.3400,5.5,2026-01-01T00:00:00Z",
                "P9002,Thing,misc,1E2,,",
                "P9003,Thing,misc,-1,,",
                "P9006,Thing,misc,1,-0.50,"); // a negative unit_cost
        append(
                inbox.resolve("marketing_spend.csv"),
                "2026-13,email,1",
                "2026-2,email,1",
                "2026-02,Email ,10.50",
                "2026-02,e-mail,-1");
        // a # at a record's start, a backslash at a value's end, a NUL byte: read alike by both
        Path products = inbox.resolve("products.csv");
        productRows = Files.readAllLines(products).size() - 1;
        append(products, "#P9004,Thing,misc,1,,", "P9005,Thing\\,misc,2,,");
        Path interactions = inbox.resolve("interactions.csv");
        interactionRows = Files.readAllLines(interactions).size() - 1;
        append(
                interactions,
                "#I9001,C0000001,2026-03-01T10:00:00,phone,inbound,x,A1",
                "I9002,C0000001,2026-03-01T10:00:00,Phone,INBOUND,x,A1",
                "I9003,C0000001,2026-03-01T10:00:00,phone,inbound,x\0y,A1",
                "I9004,C0000001,2026-03-01T10:00:00,phone,inbound,refund\\,A1");
        // an unterminated quote right after the header and a blank line: left to the Java reader
        Path complaints = inbox.resolve("complaints.csv");
        List<String> complaintLines = new ArrayList<>(Files.readAllLines(complaints));
        complaintRows = complaintLines.size() - 1;
        complaintLines.add(1, "CP9000,C0000001,,2026-03-01T10:00:00,phone,\"billing,LOW,open,TRUE,,5,x,");
        Files.write(complaints, complaintLines);
        append(complaints, "", "CP9001,C0000001,,2026-03-01T10:00:00,phone,billing,LOW,open,TRUE,,5,x,");
        append(
                inbox.resolve("contracts.csv"),
                "K9001,C0000001,P0001, \"2026-01-01\",,,,1,",
                "K9002,C0000001,P0001,2026-01-01,,,,-1,");
    }

    private static void append(Path file, String... lines) throws IOException {
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    /**
     * Runs the night with this CSV reader. A reject threshold of 0 stops it at extract-land, once
     * every landing file is written: the extract is all this test compares.
     */
    private String extract(Path inbox, String reader) throws Exception {
        ClienteleProcess run = ClienteleProcess.start(
                dir.resolve("logs"),
                reader,
                Map.of(
                        "CLIENTELE_EXTRACT_CSV_READER",
                        reader,
                        "CLIENTELE_REJECTTHRESHOLD",
                        "0",
                        "CLIENTELE_PII_SALT",
                        "parity-salt"),
                "run",
                "--date",
                RUN.toString(),
                "--inbox",
                inbox.toString(),
                "--warehouse",
                dir.resolve(reader).toString());
        assertThat(run.waitFor(600)).as(run.err()).isNotZero();
        assertThat(run.out() + run.err()).contains("above the reject threshold of 0.0%");
        return run.out() + run.err();
    }

    private static List<List<String>> rows(Path parquet) throws SQLException {
        return Files.exists(parquet) ? query(parquet, "SELECT * FROM rows ORDER BY ALL") : List.of();
    }

    /** Runs sql over a Parquet file as table {@code rows}; values as text, NULL for null. */
    static List<List<String>> query(Path parquet, String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            s.execute("CREATE VIEW rows AS SELECT * FROM read_parquet('" + parquet + "')");
            try (ResultSet rs = s.executeQuery(sql)) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= n; i++) {
                        row.add(rs.getString(i) == null ? "NULL" : rs.getString(i));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }
}
