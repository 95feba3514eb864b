package io.clientele.jobs.marts;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.jobs.PublicDatasets;
import io.clientele.jobs.PublishedWarehouse;
import io.clientele.jobs.cli.ClienteleCli;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * UCI Online Retail (541,909 invoice lines, 2010-12-01 .. 2011-12-09), the file as distributed
 * read through examples/mappings/online-retail.yml, as of 2011-12-09: every cell of mart_cohort_retention must equal a cohort table
 * computed independently, in SQL straight over the raw CSV.
 *
 * <p>Cleaning rules (the mapping's): lines without a CustomerID are left out (they
 * cannot be attributed to a customer); an invoice becomes an order (its earliest
 * InvoiceDate, its customer) and each of its lines an order line; invoices numbered 'C…'
 * are cancellations and load as cancelled orders, so they are never purchases and never
 * subtract; negative quantities would be returns netted within their invoice (the file has
 * none outside 'C' invoices); an invoice is a purchase when its net revenue is above zero.
 */
class OnlineRetailCohortTest {

    static final String AS_OF = "2011-12-09";

    @TempDir
    Path dir;

    static Path raw() {
        return PublicDatasets.onlineRetailDir().resolve("online_retail.csv.gz");
    }

    static String rawRows() {
        return "read_csv('" + raw() + "', header = true, all_varchar = true)";
    }

    static List<List<String>> independentCohorts() throws SQLException {
        String sql = """
                WITH lines AS (
                    SELECT InvoiceNo AS invoice, CAST(CAST(CustomerID AS DOUBLE) AS BIGINT) AS customer,
                           CAST(InvoiceDate AS TIMESTAMP) AS ts,
                           CAST(Quantity AS INTEGER) * CAST(UnitPrice AS DECIMAL(18,4)) AS amount
                    FROM %s
                    WHERE CustomerID IS NOT NULL AND InvoiceNo NOT LIKE 'C%%'),
                purchases AS (
                    SELECT invoice, MIN(customer) AS customer, MIN(ts) AS ts, SUM(amount) AS net
                    FROM lines GROUP BY invoice HAVING SUM(amount) > 0),
                firsts AS (SELECT customer, CAST(date_trunc('month', MIN(ts)) AS DATE) AS cohort
                           FROM purchases GROUP BY customer),
                sizes AS (SELECT cohort, COUNT(*) AS size FROM firsts GROUP BY cohort),
                cells AS (SELECT s.cohort, CAST(k.k AS INTEGER) AS k, s.size FROM sizes s, range(0, 13) k(k)
                          WHERE s.cohort + to_months(CAST(k.k AS INTEGER)) <= DATE '2011-12-01'),
                active AS (SELECT f.cohort, date_diff('month', f.cohort, CAST(date_trunc('month', p.ts) AS DATE)) AS k,
                                  COUNT(DISTINCT p.customer) AS customers, SUM(p.net) AS revenue
                           FROM purchases p JOIN firsts f ON f.customer = p.customer GROUP BY 1, 2)
                SELECT strftime(c.cohort, '%%Y-%%m-%%d'), CAST(c.k AS VARCHAR), CAST(c.size AS VARCHAR),
                       CAST(COALESCE(a.customers, 0) AS VARCHAR),
                       CAST(round(COALESCE(a.customers, 0) / c.size, 9) AS VARCHAR),
                       CAST(CAST(COALESCE(a.revenue, 0) AS DECIMAL(18,2)) AS VARCHAR),
                       CAST(round(CAST(COALESCE(a.revenue, 0) AS DOUBLE) / CAST(a0.revenue AS DOUBLE), 9) AS VARCHAR),
                       CAST(c.cohort + to_months(c.k) = DATE '2011-12-01' AS VARCHAR)
                FROM cells c
                LEFT JOIN active a ON a.cohort = c.cohort AND a.k = c.k
                JOIN active a0 ON a0.cohort = c.cohort AND a0.k = 0
                ORDER BY c.cohort, c.k""".formatted(rawRows());
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            List<List<String>> rows = new ArrayList<>();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= 8; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    @Test
    void cohortRetentionEqualsAnIndependentTableOverTheRawFile() throws Exception {
        // the file as distributed, through the shipped mapping
        assertThat(ClienteleCli.execute(
                        "run",
                        "--date",
                        AS_OF,
                        "--inbox",
                        PublicDatasets.onlineRetailDir().toString(),
                        "--mapping",
                        PublicDatasets.mapping("online-retail.yml").toString(),
                        "--warehouse",
                        dir.resolve("warehouse").toString()))
                .isZero();

        List<List<String>> expected = independentCohorts();
        List<List<String>> actual = new PublishedWarehouse(dir.resolve("warehouse")).rows("""
                SELECT strftime(cohort_month, '%Y-%m-%d'), CAST(months_since_first AS VARCHAR),
                       CAST(cohort_size AS VARCHAR), CAST(active_customers AS VARCHAR),
                       CAST(round(retention_rate, 9) AS VARCHAR), CAST(revenue AS VARCHAR),
                       CAST(round(revenue_retention, 9) AS VARCHAR), CAST(is_partial AS VARCHAR)
                FROM mart_cohort_retention ORDER BY cohort_month, months_since_first""");
        // 13 cohorts (Dec 2010 .. Dec 2011), 13 + 12 + ... + 1 = 91 cells
        assertThat(expected).hasSize(91);
        assertThat(actual).isEqualTo(expected);

        // every line with a customer reached fact_order_line, for every customer (cancellations
        // included: they are facts, just not purchases), counted straight from the raw file
        List<String> rawCounts;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT CAST(COUNT(*) AS VARCHAR), CAST(COUNT(DISTINCT CustomerID) AS VARCHAR),"
                                + " CAST(COUNT(DISTINCT InvoiceNo) AS VARCHAR) FROM " + rawRows()
                                + " WHERE CustomerID IS NOT NULL")) {
            rs.next();
            rawCounts = List.of(rs.getString(1), rs.getString(2), rs.getString(3));
        }
        assertThat(new PublishedWarehouse(dir.resolve("warehouse"))
                        .rows("SELECT CAST(COUNT(*) AS VARCHAR), CAST(COUNT(DISTINCT customer_id) AS VARCHAR),"
                                + " CAST(COUNT(DISTINCT order_id) AS VARCHAR) FROM fact_order_line"))
                .containsExactly(rawCounts);
    }
}
