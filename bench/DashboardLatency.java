import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * p50/p95 latency of typical dashboard queries on a published clientele.duckdb, in-process
 * through DuckDB JDBC (read-only), as a BI tool would ask them. Run by bench/benchmark.sh:
 * java -cp duckdb_jdbc.jar bench/DashboardLatency.java WAREHOUSE/clientele.duckdb [repetitions]
 * Prints one line per query: name, p50 ms, p95 ms, rows.
 */
public class DashboardLatency {

    // The README's three analyst questions and two drill-downs a dashboard opens with.
    static final String[][] QUERIES = {
        {"churn_last_12_months", "SELECT month, customers_start, lost_customers, new_customers, churn_rate, revenue_churn"
                + " FROM mart_churn_monthly WHERE segment_kind = 'all' ORDER BY month DESC LIMIT 12"},
        {"churn_by_complained_90d", "SELECT segment, sum(lost_customers) * 1.0 / sum(customers_start)"
                + " FROM mart_churn_monthly WHERE segment_kind = 'complained_90d' GROUP BY segment"},
        {"top20_by_rfm_segment", "SELECT rfm_segment, count(*), sum(revenue),"
                + " round(100 * sum(revenue) / sum(sum(revenue)) OVER (), 1) FROM mart_customer_value"
                + " WHERE is_top20 GROUP BY rfm_segment ORDER BY 3 DESC"},
        {"cohort_retention_grid", "SELECT * FROM mart_cohort_retention ORDER BY 1, 2"},
        {"one_customer", "SELECT * FROM mart_customer_value WHERE customer_id = (SELECT min(customer_id) FROM mart_customer_value)"},
    };

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: DashboardLatency WAREHOUSE/clientele.duckdb [repetitions]");
            System.exit(2);
        }
        int repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        Properties readOnly = new Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + args[0], readOnly);
             Statement s = c.createStatement()) {
            for (String[] query : QUERIES) {
                long rows = run(s, query[1]); // warm-up: the first query opens the file's blocks
                double[] millis = new double[repetitions];
                for (int i = 0; i < repetitions; i++) {
                    long start = System.nanoTime();
                    run(s, query[1]);
                    millis[i] = (System.nanoTime() - start) / 1e6;
                }
                Arrays.sort(millis);
                System.out.printf(java.util.Locale.ROOT, "%s %.1f %.1f %d%n", query[0],
                        millis[(int) Math.ceil(0.50 * repetitions) - 1], millis[(int) Math.ceil(0.95 * repetitions) - 1], rows);
            }
        }
    }

    private static long run(Statement s, String sql) throws Exception {
        long rows = 0;
        try (ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= columns; i++) {
                    rs.getObject(i);
                }
                rows++;
            }
        }
        return rows;
    }
}
