package io.clientele.jobs.extract;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.jobs.cli.ClienteleCli;
import java.beans.PropertyChangeEvent;
import java.beans.PropertyChangeListener;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mapped source lands the same with SQL landing the rows it is sure of ({@code
 * clientele.extract.csv-reader=duckdb}) as with every row through the Java validator ({@code java}):
 * the same rows and values, the same rejects (file, line, column, reason, raw record), the same
 * step counts, on hand-written raw files with good rows, rows the contract refuses, rows only the
 * Java validator makes canonical, personal data, and rows an expression or the filter fails on.
 */
class MappedExtractParityTest {

    private static final String RUN = "2026-03-31";
    private static final String SALT = "parity-salt";

    private static final String PEOPLE = """
            id;full_name;mail;tel;kind;since;channel
            c1;Anna;Anna@Example.COM;+49 1;B2C;2026-01-01 10:00;Web
            c2;Bo;bo@example.com;;b2b;2026-01-02 11:00;
            c3;Cy;cy@example.com;;Partner;2026-01-03 12:00;
            c4;Di;;;B2C;;
            c5;Ed;ed@example.com;;B2C;2026-02-30 10:00;
            c6;Fa;Fa@Example.com ;;B2C;2026-01-04 09:00;
            c7;Gü;gü@example.de;;B2C;2026-01-05 09:00;paid_search
            """;

    private static final String ORDERS = """
            ticket,customer,placed,channel,status,flag
            A1,c1,2026-03-01T10:00:00,web,completed,1
            A2,c2,2026-03-01T11:00:00+02:00,WEB,,1
            A3,c3,2026-03-01T12:00:00,web,lost,1
            A4,c1,2026-03-01T13:00:00,web,completed,y
            A5,c1,2026-03-01T14:00:00,web,completed,0
            """;

    private static final String LINES = """
            ticket,line,product,qty,price,discount
            A1,1,P1,2,9.50,
            A1,2,P1,abc,1.00,
            A1,3,P1,1,-1.00,
            A1,x,P1,1,1.00,
            A1,5,P1,1e3,007.50,-0.0
            A2,1,,3,2,0.50
            A2,2,P2,,2,
            """;

    private static final String MAPPING = """
            inputs:
              people:
                file: people.csv
                delimiter: ";"
                timestamp_format: "%Y-%m-%d %H:%M"
              tickets:
                file: orders.csv
              lines:
                file: lines.csv
            sources:
              customers:
                from: people
                columns:
                  customer_id: id
                  name: full_name
                  email: mail
                  phone: tel
                  customer_type: kind
                  acquisition_channel: channel
                  created_at: since
              orders:
                from: tickets
                where: CAST(flag AS INTEGER) > 0
                columns:
                  order_id: ticket
                  customer_id: customer
                  order_ts: placed
                  channel: channel
                  status: status
              order_lines:
                from: lines
                columns:
                  order_id: ticket
                  line_no: CAST(line AS INTEGER)
                  product_id: product
                  quantity: qty
                  unit_price: price
                  discount_amount: discount
            """;

    @TempDir
    Path dir;

    @Test
    void sqlAndJavaLandTheSameRowsRejectsAndCounts() throws Exception {
        Path inbox = dir.resolve("inbox");
        Files.createDirectories(inbox);
        Files.writeString(inbox.resolve("people.csv"), PEOPLE, StandardCharsets.UTF_8);
        Files.writeString(inbox.resolve("orders.csv"), ORDERS, StandardCharsets.UTF_8);
        Files.writeString(inbox.resolve("lines.csv"), LINES, StandardCharsets.UTF_8);
        Path mapping = dir.resolve("shop.yml");
        Files.writeString(mapping, MAPPING);

        String javaLog = extract(inbox, mapping, "java");
        String sqlLog = extract(inbox, mapping, "duckdb");

        // SQL landed the plain rows; the others went through the Java validator
        assertThat(javaLog).contains("extract order_lines: read 7, landed 3").doesNotContain("landed by SQL");
        assertThat(sqlLog)
                .contains("extract customers: 1 mapped rows landed by SQL")
                .contains("extract orders: 1 mapped rows landed by SQL")
                .contains("extract order_lines: 2 mapped rows landed by SQL");

        for (String source : List.of("customers", "orders", "order_lines")) {
            assertThat(all(landing("duckdb", source, "rows")))
                    .as(source + " rows")
                    .isEqualTo(all(landing("java", source, "rows")));
            assertThat(all(landing("duckdb", source, "rejects")))
                    .as(source + " rejects")
                    .isEqualTo(all(landing("java", source, "rejects")));
            assertThat(stepCounts("duckdb", source)).as(source + " counts").isEqualTo(stepCounts("java", source));
        }

        // and what both landed is right, by hand
        for (String reader : List.of("java", "duckdb")) {
            assertThat(CsvExtractParityTest.query(
                            landing(reader, "customers", "rows"),
                            "SELECT customer_id, _file, _line, name, email, phone, customer_type, acquisition_channel,"
                                    + " created_at FROM rows ORDER BY customer_id"))
                    .as(reader)
                    .containsExactly(
                            List.of(
                                    "c1",
                                    "people.csv",
                                    "2",
                                    "Anna",
                                    hash("anna@example.com"),
                                    hash("+49 1"),
                                    "B2C",
                                    "web",
                                    "2026-01-01 10:00:00"),
                            List.of(
                                    "c2",
                                    "people.csv",
                                    "3",
                                    "Bo",
                                    hash("bo@example.com"),
                                    "NULL",
                                    "B2B",
                                    "NULL",
                                    "2026-01-02 11:00:00"),
                            List.of(
                                    "c6",
                                    "people.csv",
                                    "7",
                                    "Fa",
                                    hash("fa@example.com"),
                                    "NULL",
                                    "B2C",
                                    "NULL",
                                    "2026-01-04 09:00:00"),
                            List.of(
                                    "c7",
                                    "people.csv",
                                    "8",
                                    "Gü",
                                    hash("gü@example.de"),
                                    "NULL",
                                    "B2C",
                                    "paid_search",
                                    "2026-01-05 09:00:00"));
            assertThat(CsvExtractParityTest.query(
                            landing(reader, "orders", "rows"),
                            "SELECT order_id, _file, _line, customer_id, order_ts, channel, status FROM rows"
                                    + " ORDER BY order_id"))
                    .as(reader)
                    .containsExactly(
                            List.of("A1", "orders.csv", "2", "c1", "2026-03-01 10:00:00", "web", "completed"),
                            List.of("A2", "orders.csv", "3", "c2", "2026-03-01 09:00:00", "web", "completed"));
            assertThat(CsvExtractParityTest.query(
                            landing(reader, "order_lines", "rows"),
                            "SELECT order_id, line_no, _line, product_id, quantity, unit_price, discount_amount"
                                    + " FROM rows ORDER BY _line"))
                    .as(reader)
                    .containsExactly(
                            List.of("A1", "1", "2", "P1", "2", "9.5", "NULL"),
                            List.of("A1", "5", "6", "P1", "1000", "7.5", "0"),
                            List.of("A2", "1", "7", "NULL", "3", "2", "0.5"));
            List<List<String>> rejects = new ArrayList<>();
            for (String source : List.of("customers", "orders", "order_lines")) {
                rejects.addAll(CsvExtractParityTest.query(
                        landing(reader, source, "rejects"),
                        "SELECT source, file, line, record_key, column_name,"
                                + " regexp_replace(reason, '(: [A-Za-z]+ Error):.*', '\\1') FROM rows ORDER BY line"));
            }
            assertThat(rejects)
                    .as(reader)
                    .containsExactly(
                            List.of(
                                    "customers",
                                    "people.csv",
                                    "4",
                                    "c3",
                                    "customer_type",
                                    "'Partner' is not one of [B2C, B2B]"),
                            List.of("customers", "people.csv", "5", "c4", "created_at", "required value is missing"),
                            List.of(
                                    "customers",
                                    "people.csv",
                                    "6",
                                    "c5",
                                    "created_at",
                                    "sources.customers.columns.created_at: Conversion Error"),
                            List.of(
                                    "orders",
                                    "orders.csv",
                                    "4",
                                    "A3",
                                    "status",
                                    "'lost' is not one of [completed, cancelled, returned]"),
                            List.of(
                                    "orders",
                                    "orders.csv",
                                    "5",
                                    "", // a row the filter fails on has no fields, so no key
                                    "NULL",
                                    "sources.orders.where: Conversion Error"),
                            List.of("order_lines", "lines.csv", "3", "A1|2", "quantity", "not a valid integer: 'abc'"),
                            List.of(
                                    "order_lines",
                                    "lines.csv",
                                    "4",
                                    "A1|3",
                                    "unit_price",
                                    "-1.00 is below the minimum 0"),
                            List.of(
                                    "order_lines",
                                    "lines.csv",
                                    "5",
                                    "A1|",
                                    "line_no",
                                    "sources.order_lines.columns.line_no: Conversion Error"),
                            List.of("order_lines", "lines.csv", "8", "A2|2", "quantity", "required value is missing"));
            // read = landed + rejected, as the steps counted them (A5 is filtered out: not read)
            assertThat(stepCounts(reader, "customers")).as(reader).containsExactly(7L, 4L, 3L);
            assertThat(stepCounts(reader, "orders")).as(reader).containsExactly(4L, 2L, 2L);
            assertThat(stepCounts(reader, "order_lines")).as(reader).containsExactly(7L, 3L, 4L);
        }
    }

    /**
     * Runs the night with this reader setting and returns what the extract logged. A reject
     * threshold of 0 stops it at extract-land, once every landing file is written: the extract is
     * all this test compares.
     */
    private String extract(Path inbox, Path mapping, String reader) throws Exception {
        Path warehouse = dir.resolve(reader);
        Files.createDirectories(warehouse.resolve("meta"));
        Files.writeString(warehouse.resolve("meta/pii-salt"), SALT); // the same hashes in both warehouses
        try (ExtractLog log = new ExtractLog()) {
            run(inbox, mapping, reader, warehouse);
            return log.text();
        }
    }

    private void run(Path inbox, Path mapping, String reader, Path warehouse) {
        System.setProperty("clientele.extract.csv-reader", reader);
        System.setProperty("clientele.reject-threshold", "0");
        try {
            int exit = ClienteleCli.execute(
                    "run",
                    "--date",
                    RUN,
                    "--inbox",
                    inbox.toString(),
                    "--mapping",
                    mapping.toString(),
                    "--warehouse",
                    warehouse.toString());
            assertThat(exit).as(reader).isNotZero(); // above the reject threshold, after extract-land
        } finally {
            System.clearProperty("clientele.extract.csv-reader");
            System.clearProperty("clientele.reject-threshold");
        }
        assertThat(landing(reader, "order_lines", "rows")).as(reader).exists();
    }

    /**
     * What the extract logs while it is open, through the log configuration Spring Boot may load
     * as the night starts (then it is attached to that one).
     */
    private static final class ExtractLog implements AutoCloseable, PropertyChangeListener {

        private static final String LOGGER = "io.clientele.jobs.extract";
        private final StringWriter text = new StringWriter();
        private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
        private final WriterAppender appender = WriterAppender.newBuilder()
                .setName("parity")
                .setTarget(text)
                .setLayout(PatternLayout.newBuilder().withPattern("%m%n").build())
                .build();

        ExtractLog() {
            appender.start();
            attach(context.getConfiguration());
            context.addPropertyChangeListener(this);
        }

        @Override
        public void propertyChange(PropertyChangeEvent event) {
            // a new configuration (updateLoggers announces the same one again)
            if (event.getNewValue() instanceof Configuration configuration && configuration != event.getOldValue()) {
                attach(configuration);
            }
        }

        private void attach(Configuration configuration) {
            LoggerConfig logger = configuration.getLoggerConfig(LOGGER);
            logger.removeAppender(appender.getName());
            logger.addAppender(appender, Level.INFO, null);
            context.updateLoggers();
        }

        String text() {
            return text.toString();
        }

        @Override
        public void close() {
            context.removePropertyChangeListener(this);
            context.getConfiguration().getLoggerConfig(LOGGER).removeAppender(appender.getName());
            context.updateLoggers();
            appender.stop();
        }
    }

    private Path landing(String reader, String source, String file) {
        return dir.resolve(reader)
                .resolve("landing")
                .resolve(RUN)
                .resolve(source)
                .resolve(file + ".parquet");
    }

    /** The salted SHA-256 of a personal value, as docs/contract.md describes it. */
    private static String hash(String value) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        return HexFormat.of().formatHex(sha.digest((SALT + value).getBytes(StandardCharsets.UTF_8)));
    }

    /** read (records read and read skips), written, refused (read and process skips) of the step. */
    private List<Long> stepCounts(String reader, String source) throws SQLException {
        try (Connection c = DriverManager.getConnection(
                        "jdbc:h2:file:" + dir.resolve(reader).resolve("meta/jobrepository"), "sa", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT READ_COUNT + READ_SKIP_COUNT, WRITE_COUNT,"
                        + " READ_SKIP_COUNT + PROCESS_SKIP_COUNT FROM BATCH_STEP_EXECUTION WHERE STEP_NAME = 'extract-"
                        + source + "'")) {
            assertThat(rs.next()).as(reader + " " + source).isTrue();
            return List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3));
        }
    }

    private static List<List<String>> all(Path parquet) throws SQLException {
        return CsvExtractParityTest.query(parquet, "SELECT * FROM rows ORDER BY ALL");
    }
}
