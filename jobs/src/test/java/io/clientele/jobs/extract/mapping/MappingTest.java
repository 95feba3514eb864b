package io.clientele.jobs.extract.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.jobs.PublicDatasets;
import io.clientele.jobs.PublishedWarehouse;
import io.clientele.jobs.cli.ClienteleCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A night read through a source mapping: mapped rows are validated, refused and counted as CSV
 * rows are; a row an expression fails on is refused with the mapping key, the night goes on; a
 * wrong name in the mapping fails at once in one line; check-mapping previews and writes nothing.
 */
class MappingTest {

    /** One raw file of sales: a line per sale, no order header of its own. */
    static final String SALES = """
            ticket;customer;sold;qty;price
            A1;c1;2026-03-01 10:00;2;9,50
            A2;c2;2026-03-02 11:30;abc;4,00
            A3;c1;2026-03-03 09:15;1;-1,00
            """;

    static final String MAPPING = """
            inputs:
              sales:
                file: sales.csv
                delimiter: ";"
                decimal: ","
                timestamp_format: "%Y-%m-%d %H:%M"
            sources:
              orders:
                from: sales
                columns:
                  order_id: ticket
                  customer_id: customer
                  order_ts: sold
              order_lines:
                from: sales
                columns:
                  order_id: ticket
                  line_no: "1"
                  quantity: CAST(qty AS INTEGER)
                  unit_price: price
            """;

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    private record Run(int exit, String out, String err) {}

    private static Run cli(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        try {
            int exit = ClienteleCli.execute(args);
            return new Run(exit, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void aRowAnExpressionFailsOnIsRefusedWithItsReasonAndTheCountsBalance() throws Exception {
        write("inbox/sales.csv", SALES);
        Path mapping = write("sales.yml", MAPPING);
        Path warehouse = dir.resolve("warehouse");
        // 2 of 3 order lines are refused: above the default threshold
        System.setProperty("clientele.reject-threshold", "1");
        try {
            assertThat(ClienteleCli.execute(
                            "run",
                            "--date",
                            "2026-03-31",
                            "--inbox",
                            dir.resolve("inbox").toString(),
                            "--mapping",
                            mapping.toString(),
                            "--warehouse",
                            warehouse.toString()))
                    .isZero();
        } finally {
            System.clearProperty("clientele.reject-threshold");
        }
        PublishedWarehouse published = new PublishedWarehouse(warehouse);
        // A2's quantity: the mapping's CAST fails; A3's unit_price: the contract refuses it (as in a CSV file)
        List<List<String>> rejects = published.rows(
                "SELECT source, file, line, record_key, column_name, reason FROM etl_rejects ORDER BY line");
        assertThat(rejects).hasSize(2);
        assertThat(rejects.get(0).subList(0, 5)).containsExactly("order_lines", "sales.csv", "3", "A2|1", "quantity");
        assertThat(rejects.get(0).get(5))
                .startsWith("sources.order_lines.columns.quantity: Conversion Error:")
                .contains("'abc'");
        assertThat(rejects.get(1))
                .containsExactly("order_lines", "sales.csv", "4", "A3|1", "unit_price", "-1.00 is below the minimum 0");
        assertThat(published.rows(
                        "SELECT order_id, CAST(quantity AS VARCHAR), CAST(CAST(unit_price AS DECIMAL(18, 2)) AS VARCHAR)"
                                + " FROM fact_order_line ORDER BY order_id"))
                .containsExactly(List.of("A1", "2", "9.50"));
        assertThat(published.rows("SELECT order_id FROM fact_order ORDER BY order_id"))
                .extracting(r -> r.get(0))
                .containsExactly("A1", "A2", "A3");
        // read = loaded + refused, as the step counted them
        assertThat(stepCounts(warehouse, "extract-order_lines")).containsExactly(3L, 1L, 2L);
        assertThat(stepCounts(warehouse, "extract-orders")).containsExactly(3L, 3L, 0L);
    }

    /** read (records read and read skips), written, refused (read and process skips) of the step. */
    private static List<Long> stepCounts(Path warehouse, String step) throws SQLException {
        try (Connection c = DriverManager.getConnection(
                        "jdbc:h2:file:" + warehouse.resolve("meta/jobrepository"), "sa", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT READ_COUNT + READ_SKIP_COUNT, WRITE_COUNT,"
                        + " READ_SKIP_COUNT + PROCESS_SKIP_COUNT FROM BATCH_STEP_EXECUTION WHERE STEP_NAME = '" + step
                        + "'")) {
            rs.next();
            return List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3));
        }
    }

    @Test
    void aWrongNameFailsAtOnceInOneLineNamingTheFileAndTheKey() throws IOException {
        write("inbox/sales.csv", SALES);
        Path warehouse = dir.resolve("warehouse");
        String[][] cases = {
            {"  orders:\n", "  ordres:\n", "sales.yml: sources.ordres: no source ordres; the contract's sources are "},
            {
                "  customer_id: customer\n",
                "  custmer_id: customer\n",
                "sales.yml: sources.orders.columns.custmer_id: orders has no column custmer_id"
            },
            {
                "  customer_id: customer\n",
                "  customer_id: custmer\n",
                "sales.yml: sources.orders.columns.customer_id: Binder Error: Referenced column \"custmer\" not found"
            },
            {
                "  from: sales\n",
                "  from: sale\n",
                "sales.yml: sources.orders.from: no input sale; the inputs are [sales]"
            },
            {"file: sales.csv", "file: sale.csv", "sales.yml: inputs.sales.file: no file sale.csv in "},
        };
        for (String[] wrong : cases) {
            Path mapping = write("sales.yml", MAPPING.replaceFirst(java.util.regex.Pattern.quote(wrong[0]), wrong[1]));
            for (String command : List.of("run", "backfill")) {
                List<String> args = command.equals("run")
                        ? List.of("run", "--date", "2026-03-31")
                        : List.of("backfill", "--from", "2026-03-30", "--to", "2026-03-31");
                Run run = cli(Stream.concat(
                                args.stream(),
                                Stream.of(
                                        "--inbox",
                                        dir.resolve("inbox").toString(),
                                        "--mapping",
                                        mapping.toString(),
                                        "--warehouse",
                                        warehouse.toString()))
                        .toArray(String[]::new));
                assertThat(run.exit()).as(wrong[1]).isEqualTo(1);
                assertThat(run.err().lines().toList()).as(wrong[1]).hasSize(1);
                assertThat(run.err()).as(wrong[1]).startsWith("clientele: " + wrong[2]);
            }
        }
        // nothing ran: no night in the run history
        assertThat(dir.resolve("warehouse/landing")).doesNotExist();
        assertThat(dir.resolve("warehouse/meta/jobrepository.mv.db")).doesNotExist();
    }

    @Test
    void checkMappingPrintsRowsAndRefusalsAndWritesNothing() throws IOException {
        write("inbox/sales.csv", SALES);
        Path mapping = write("sales.yml", MAPPING);
        List<Path> before = files();
        Run run = cli(
                "check-mapping",
                mapping.toString(),
                "--inbox",
                dir.resolve("inbox").toString(),
                "--rows",
                "5");
        assertThat(run.exit()).isZero();
        assertThat(run.out())
                .contains("orders: 3 rows read, 3 valid, 0 refused")
                .contains("order_lines: 3 rows read, 1 valid, 2 refused")
                // the rows as mapped: contract columns, contract text
                .containsPattern("order_id \\| customer_id \\| order_ts")
                .containsPattern("A1 +\\| c1 +\\| 2026-03-01T10:00:00")
                .containsPattern("A1 +\\| +1 \\| +2 \\| +9.50")
                // the refused, with file, line, column and reason
                .containsPattern(
                        "sales.csv \\| +3 \\| quantity +\\| sources.order_lines.columns.quantity: Conversion Error")
                .containsPattern("sales.csv \\| +4 \\| unit_price \\| -1.00 is below the minimum 0");
        assertThat(files()).isEqualTo(before);
    }

    /**
     * The shipped mapping of the whole CDNOW master file: every transaction line of the raw file
     * (counted here as its lines less the header) becomes an order and an order line, none refused,
     * the first one as the file's first line says.
     */
    @Test
    void theShippedCdnowMasterMappingMapsEveryTransactionOfTheRawFile() throws IOException {
        Path raw = PublicDatasets.cdnowDir().resolve("CDNOW_master.txt");
        long transactions;
        try (Stream<String> lines = Files.lines(raw, StandardCharsets.US_ASCII)) {
            transactions = lines.skip(1).filter(l -> !l.isBlank()).count();
        }
        assertThat(transactions).isEqualTo(69_659); // as the dataset's README says
        Run run = cli(
                "check-mapping",
                PublicDatasets.mapping("cdnow-master.yml").toString(),
                "--inbox",
                PublicDatasets.cdnowDir().toString(),
                "--rows",
                "1");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("orders: " + transactions + " rows read, " + transactions + " valid, 0 refused")
                .contains("order_lines: " + transactions + " rows read, " + transactions + " valid, 0 refused")
                // raw first line: " 00001 19970101  1   11.77"
                .containsPattern("T1 +\\| CD00001 +\\| 1997-01-01T00:00:00")
                .containsPattern("T1 +\\| +1 \\| CD +\\| +1 \\| +11.77");
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.sorted().toList();
        }
    }
}
