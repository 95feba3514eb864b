package io.clientele.jobs.extract;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.jobs.PublishedWarehouse;
import io.clientele.jobs.cli.ClienteleCli;
import io.clientele.schemas.ColumnContract;
import io.clientele.schemas.SourceContract;
import io.clientele.schemas.SourceContracts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;

/**
 * Extraction from a real PostgreSQL ({@link ThrowawayPostgres}): the three-months fixture
 * loaded into typed tables gives the same warehouse as the CSV files, and the next night
 * reads only what changed since (watermark) and still ends equal to a full CSV extract.
 */
class JdbcExtractTest {

    static final Path FIXTURE =
            Path.of("src/test/resources/fixtures/three-months").toAbsolutePath();

    @RegisterExtension
    static final ThrowawayPostgres POSTGRES = new ThrowawayPostgres();

    @TempDir
    static Path dir;

    @BeforeAll
    static void settings() {
        System.setProperty("clientele.inactivity-days", "30");
        // in production: the environment variable CLIENTELE_SOURCE_PASSWORD
        System.setProperty("clientele.source.password", ThrowawayPostgres.PASSWORD);
        // small pages, so that the keyset paging (two-column key for order lines) turns several pages
        System.setProperty("clientele.source.page-size", "3");
    }

    @AfterAll
    static void defaults() {
        System.clearProperty("clientele.inactivity-days");
        System.clearProperty("clientele.source.password");
        System.clearProperty("clientele.source.page-size");
    }

    @Test
    void firstNightEqualsTheCsvRunAndTheNextReadsOnlyWhatChanged() throws Exception {
        try (Connection c = POSTGRES.connect()) {
            createAndLoad(c, FIXTURE);
        }
        Path jdbcWarehouse = warehouse("jdbc");
        Path csvWarehouse = warehouse("csv");

        assertThat(runJdbc("2026-04-02", jdbcWarehouse)).isZero();
        assertThat(runCsv("2026-04-02", FIXTURE, csvWarehouse)).isZero();
        assertThat(readCounts(jdbcWarehouse))
                .containsEntry("orders", 18L)
                .containsEntry("order_lines", 20L)
                .containsEntry("customers", 12L);
        assertSameWarehouse(jdbcWarehouse, csvWarehouse);

        // Next night: O02 is returned, C02 orders O99; nothing else changes in the database.
        try (Connection c = POSTGRES.connect();
                Statement s = c.createStatement()) {
            s.execute(
                    "UPDATE orders SET status = 'returned', updated_at = '2026-04-11 08:00:00+00' WHERE order_id = 'O02'");
            s.execute("INSERT INTO orders VALUES ('O99', 'C02', '2026-04-11 09:00:00+00', 'Web', 'completed',"
                    + " '2026-04-11 09:00:00+00')");
            s.execute("INSERT INTO order_lines VALUES ('O99', 1, 'P2', 2, 30.00, 5.00)");
        }
        Path nextInbox = Files.createDirectories(dir.resolve("inbox-2026-04-12"));
        try (Stream<Path> files = Files.list(FIXTURE)) {
            for (Path f : files.toList()) {
                Files.copy(f, nextInbox.resolve(f.getFileName()));
            }
        }
        Path orders = nextInbox.resolve("orders.csv");
        Files.writeString(
                orders,
                Files.readString(orders)
                                .replace(
                                        "O02,C01,2026-02-10T10:00:00,web,completed,",
                                        "O02,C01,2026-02-10T10:00:00,web,returned,2026-04-11T08:00:00")
                        + "O99,C02,2026-04-11T09:00:00,Web,completed,2026-04-11T09:00:00\n");
        Files.writeString(
                nextInbox.resolve("order_lines.csv"),
                "O99,1,P2,2,30.00,5.00\n",
                java.nio.file.StandardOpenOption.APPEND);

        assertThat(runJdbc("2026-04-12", jdbcWarehouse)).isZero();
        assertThat(runCsv("2026-04-12", nextInbox, csvWarehouse)).isZero();
        // only the changed rows: two orders, their two lines; nothing stamped after the first night elsewhere
        assertThat(readCounts(jdbcWarehouse))
                .containsEntry("orders", 2L)
                .containsEntry("order_lines", 2L)
                .containsEntry("customers", 0L)
                .containsEntry("interactions", 0L)
                .containsEntry("surveys", 0L)
                .containsEntry("complaints", 0L)
                .containsEntry("contracts", 0L);
        // C01: O01, O03, O18 (04-05, now on or before D), O02 returned; C02: O04 200 + O99 2 × 30 − 5 = 55
        assertThat(new PublishedWarehouse(jdbcWarehouse).rows("""
                SELECT customer_id, orders, CAST(revenue AS DECIMAL(18,2)) FROM mart_customer_value
                WHERE customer_id IN ('C01', 'C02') ORDER BY customer_id"""))
                .containsExactly(List.of("C01", "3", "1169"), List.of("C02", "2", "255"));
        assertSameWarehouse(jdbcWarehouse, csvWarehouse);
    }

    @Test
    void aMissingTableStopsTheRunNamingIt() throws Exception {
        try (Connection c = DriverManager.getConnection(
                        POSTGRES.url().replace("/" + ThrowawayPostgres.DATABASE, "/postgres"),
                        ThrowawayPostgres.USER,
                        ThrowawayPostgres.PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE empty_source");
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream previous = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int status;
        try {
            status = ClienteleCli.execute(
                    "run",
                    "--date",
                    "2026-04-02",
                    "--source",
                    "jdbc",
                    "--jdbc-url",
                    POSTGRES.url().replace("/" + ThrowawayPostgres.DATABASE, "/empty_source"),
                    "--jdbc-user",
                    ThrowawayPostgres.USER,
                    "--warehouse",
                    dir.resolve("missing").toString());
        } finally {
            System.setErr(previous);
        }
        assertThat(status).isNotZero();
        // the extract runs in two lanes (order lines beside the rest): whichever source fails first is named
        assertThat(err.toString(StandardCharsets.UTF_8))
                .containsPattern(
                        "extract-(\\w+): jdbc:\\1: no table public\\.\\1 in jdbc:postgresql://\\S+/empty_source");
    }

    private static Path warehouse(String name) throws IOException {
        Path warehouse = dir.resolve(name);
        // one salt for both, so that the email and phone hashes compare
        Files.createDirectories(warehouse.resolve("meta"));
        Files.writeString(warehouse.resolve("meta/pii-salt"), "jdbc-test-salt");
        return warehouse;
    }

    private static int runJdbc(String date, Path warehouse) {
        return ClienteleCli.execute(
                "run",
                "--date",
                date,
                "--source",
                "jdbc",
                "--jdbc-url",
                POSTGRES.url(),
                "--jdbc-user",
                ThrowawayPostgres.USER,
                "--warehouse",
                warehouse.toString());
    }

    private static int runCsv(String date, Path inbox, Path warehouse) {
        return ClienteleCli.execute(
                "run", "--date", date, "--inbox", inbox.toString(), "--warehouse", warehouse.toString());
    }

    /** Every table but the rejects (they name the file or table) and warehouse_info, equal cell for cell. */
    private static void assertSameWarehouse(Path jdbc, Path csv) {
        Map<String, List<List<String>>> fromJdbc = new PublishedWarehouse(jdbc).contents();
        Map<String, List<List<String>>> fromCsv = new PublishedWarehouse(csv).contents();
        assertThat(fromJdbc.keySet()).isEqualTo(fromCsv.keySet());
        assertThat(fromJdbc.keySet()).anyMatch(t -> t.startsWith("mart_"));
        for (String table : fromCsv.keySet()) {
            if (!table.equals("etl_rejects")) {
                assertThat(fromJdbc.get(table)).as(table).isEqualTo(fromCsv.get(table));
            }
        }
    }

    /** Rows read by each extract step of the warehouse's latest run, from the job repository. */
    private static Map<String, Long> readCounts(Path warehouse) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(
                        "jdbc:h2:file:" + warehouse.resolve("meta/jobrepository"), "sa", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT STEP_NAME, READ_COUNT FROM BATCH_STEP_EXECUTION WHERE JOB_EXECUTION_ID"
                                + " = (SELECT MAX(JOB_EXECUTION_ID) FROM BATCH_JOB_EXECUTION) AND STEP_NAME LIKE 'extract-%'")) {
            while (rs.next()) {
                counts.put(rs.getString(1).substring("extract-".length()), rs.getLong(2));
            }
        }
        return counts;
    }

    /** One table per contract, with the column types an operational database would use, loaded from the CSVs. */
    static void createAndLoad(Connection c, Path csvDir) throws SQLException, IOException {
        try (Statement s = c.createStatement()) {
            s.execute("SET TimeZone = 'UTC'"); // the extract's timestamps without offset are UTC
            for (SourceContract source : SourceContracts.all()) {
                List<String> columns = new ArrayList<>();
                for (ColumnContract column : source.columns()) {
                    columns.add(column.name() + " " + sqlType(source, column));
                }
                s.execute("CREATE TABLE " + source.source() + " (" + String.join(", ", columns) + ", PRIMARY KEY ("
                        + String.join(", ", source.naturalKey()) + "))");
                Path csv = csvDir.resolve(source.source() + ".csv");
                String header = Files.readAllLines(csv).get(0);
                try (Reader in = Files.newBufferedReader(csv)) {
                    c.unwrap(PGConnection.class)
                            .getCopyAPI()
                            .copyIn(
                                    "COPY " + source.source() + " (" + header
                                            + ") FROM STDIN WITH (FORMAT csv, HEADER true)",
                                    in);
                }
            }
        }
    }

    private static String sqlType(SourceContract source, ColumnContract column) {
        return switch (column.type()) {
            case "integer" -> "integer";
            case "decimal" -> "numeric(12, 2)";
            case "date" -> "date";
            case "boolean" -> "boolean";
            // with and without time zone, both as operational databases have them
            case "timestamp" -> List.of("orders", "complaints").contains(source.source()) ? "timestamptz" : "timestamp";
            default -> "text";
        };
    }
}
