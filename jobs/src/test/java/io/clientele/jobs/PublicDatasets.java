package io.clientele.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.jobs.cli.ClienteleCli;
import java.io.BufferedWriter;
import java.io.IOException;
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
import org.junit.jupiter.api.Assumptions;

/**
 * The optional public transaction data ({@code ../shared/datasets}, docs/contract.md §5), turned into
 * a Clientele CSV extract so that tests run real data through the ordinary path.
 */
public final class PublicDatasets {

    private PublicDatasets() {}

    public static Path sharedDir() {
        String configured = System.getProperty("clientele.shared.dir");
        Path dir = configured != null ? Path.of(configured) : Path.of("../../shared");
        return dir.toAbsolutePath().normalize();
    }

    public static Path cdnowSample() {
        return sharedDir().resolve("datasets/cdnow/CDNOW_sample.txt");
    }

    /**
     * CDNOW sample (2,357 customers, 6,919 transactions, 1997-01-01 .. 1998-06-30) as
     * orders.csv + order_lines.csv: one order per transaction (id = customer and line
     * number of the file), one line of quantity 1 at the transaction's dollar value, so
     * that an order's revenue is the published dollar_value.
     */
    public static Path cdnowExtract(Path inbox) throws IOException {
        Files.createDirectories(inbox);
        List<String> lines = Files.readAllLines(cdnowSample(), StandardCharsets.US_ASCII);
        try (BufferedWriter orders = Files.newBufferedWriter(inbox.resolve("orders.csv"));
                BufferedWriter orderLines = Files.newBufferedWriter(inbox.resolve("order_lines.csv"))) {
            orders.write("order_id,customer_id,order_ts,channel,status,updated_at\n");
            orderLines.write("order_id,line_no,product_id,quantity,unit_price,discount_amount\n");
            int n = 0;
            for (String line : lines) {
                String[] f = line.trim().split("\\s+");
                if (f.length != 5) {
                    continue;
                }
                n++;
                String customer = "CD" + f[1];
                String date = f[2].substring(0, 4) + "-" + f[2].substring(4, 6) + "-" + f[2].substring(6, 8);
                String order = "T" + n;
                orders.write(order + "," + customer + "," + date + "T00:00:00,web,completed,\n");
                orderLines.write(order + ",1,CD," + "1," + f[4] + ",\n");
            }
        }
        return inbox;
    }

    /**
     * The nightly job run on the CDNOW extract as of {@code asOf} (the ordinary CSV path, default
     * settings) into {@code dir}/warehouse; the test is skipped when the dataset is not beside the checkout.
     */
    public static PublishedWarehouse cdnowWarehouse(Path dir, String asOf) throws IOException {
        Assumptions.assumeTrue(Files.exists(cdnowSample()), "CDNOW sample not found beside the checkout");
        Path inbox = cdnowExtract(dir.resolve("inbox"));
        assertThat(ClienteleCli.execute(
                        "run",
                        "--date",
                        asOf,
                        "--inbox",
                        inbox.toString(),
                        "--warehouse",
                        dir.resolve("warehouse").toString()))
                .isZero();
        return new PublishedWarehouse(dir.resolve("warehouse"));
    }

    /**
     * Runs SQL over the raw CDNOW file itself (not the extract, not the warehouse), as table
     * {@code p} (customer, day, value) of its purchases (dollar value above zero): the
     * independent side of the CDNOW checks. Values as text, decimals plain.
     */
    public static List<List<String>> cdnowRawQuery(String sql) {
        String purchases = "SELECT 'CD' || f[2] AS customer, strptime(f[3], '%Y%m%d')::DATE AS day,"
                + " CAST(f[5] AS DECIMAL(18,2)) AS value"
                + " FROM (SELECT string_split_regex(trim(line), '\\s+') AS f FROM read_csv('"
                + cdnowSample() + "', columns={'line': 'VARCHAR'}, delim='\\t', header=false,"
                + " quote='', escape=''))"
                + " WHERE CAST(f[5] AS DECIMAL(18,2)) > 0";
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE p AS " + purchases);
            try (ResultSet rs = s.executeQuery(sql)) {
                int n = rs.getMetaData().getColumnCount();
                List<List<String>> rows = new ArrayList<>();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= n; i++) {
                        Object v = rs.getObject(i);
                        row.add(
                                v == null
                                        ? "NULL"
                                        : v instanceof java.math.BigDecimal d
                                                ? d.stripTrailingZeros().toPlainString()
                                                : v.toString());
                    }
                    rows.add(row);
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("independent query over " + cdnowSample() + ": " + e.getMessage(), e);
        }
    }
}
