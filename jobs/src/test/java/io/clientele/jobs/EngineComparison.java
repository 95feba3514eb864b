package io.clientele.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;

/**
 * How a Spark-built warehouse is compared with a DuckDB-built one: every table and view equal,
 * cell for cell (doubles to 9 decimal places), except the churn model, which the JVM fits on a
 * DuckDB night and Spark MLlib on a Spark night. Both fit the same objective, so its
 * coefficients agree within 1e-3, its AUCs within 0.005 and each churn_probability within 1e-3,
 * its counts exactly.
 */
public final class EngineComparison {

    private EngineComparison() {}

    /** Both warehouses agree: the churn model within its tolerances, everything else exactly. */
    public static void assertSameWarehouse(Path duckdbWarehouse, Path sparkWarehouse) {
        assertChurnModelsAgree(duckdbWarehouse, sparkWarehouse);
        assertEqualTables(
                withoutChurnFit(new PublishedWarehouse(duckdbWarehouse)),
                withoutChurnFit(new PublishedWarehouse(sparkWarehouse)));
    }

    /** Every table, with the churn model's fit and scores left out (compared by {@link #assertChurnModelsAgree}). */
    public static Map<String, List<List<String>>> withoutChurnFit(PublishedWarehouse warehouse) {
        Map<String, List<List<String>>> tables = warehouse.contents();
        tables.put("model_fit", warehouse.rows("SELECT * FROM model_fit WHERE model <> 'churn_logit' ORDER BY ALL"));
        tables.put(
                "mart_customer_value",
                warehouse.rows("SELECT * EXCLUDE (churn_probability) FROM mart_customer_value ORDER BY ALL"));
        return tables;
    }

    private static void assertChurnModelsAgree(Path duckdbWarehouse, Path sparkWarehouse) {
        PublishedWarehouse duckdb = new PublishedWarehouse(duckdbWarehouse);
        PublishedWarehouse spark = new PublishedWarehouse(sparkWarehouse);
        String fit = "SELECT parameter, value FROM model_fit WHERE model = 'churn_logit' ORDER BY parameter";
        List<List<String>> expected = duckdb.rows(fit);
        List<List<String>> actual = spark.rows(fit);
        assertThat(actual)
                .extracting(row -> row.get(0))
                .isEqualTo(expected.stream().map(row -> row.get(0)).toList());
        for (int i = 0; i < expected.size(); i++) {
            String parameter = expected.get(i).get(0);
            double tolerance = parameter.startsWith("coef_") ? 1e-3 : parameter.startsWith("auc") ? 0.005 : 0;
            if (expected.get(i).get(1).equals("NULL")) {
                assertThat(actual.get(i).get(1)).as(parameter).isEqualTo("NULL");
            } else {
                assertThat(Double.parseDouble(actual.get(i).get(1)))
                        .as(parameter)
                        .isCloseTo(Double.parseDouble(expected.get(i).get(1)), Offset.offset(tolerance));
            }
        }
        String scores = "SELECT customer_id, churn_probability FROM mart_customer_value ORDER BY customer_id";
        List<List<String>> duckdbScores = duckdb.rows(scores);
        List<List<String>> sparkScores = spark.rows(scores);
        assertThat(sparkScores).hasSameSizeAs(duckdbScores);
        for (int i = 0; i < duckdbScores.size(); i++) {
            List<String> a = duckdbScores.get(i);
            List<String> b = sparkScores.get(i);
            assertThat(b.get(0)).isEqualTo(a.get(0));
            if (a.get(1).equals("NULL") || b.get(1).equals("NULL")) {
                assertThat(b.get(1)).as(a.get(0)).isEqualTo(a.get(1));
            } else {
                assertThat(Double.parseDouble(b.get(1)))
                        .as(a.get(0))
                        .isCloseTo(Double.parseDouble(a.get(1)), Offset.offset(1e-3));
            }
        }
    }

    private static void assertEqualTables(
            Map<String, List<List<String>>> duckdb, Map<String, List<List<String>>> spark) {
        assertThat(spark.keySet()).isEqualTo(duckdb.keySet());
        for (String table : duckdb.keySet()) {
            List<List<String>> onlyDuckdb = new ArrayList<>(duckdb.get(table));
            onlyDuckdb.removeAll(spark.get(table));
            List<List<String>> onlySpark = new ArrayList<>(spark.get(table));
            onlySpark.removeAll(duckdb.get(table));
            assertThat(spark.get(table))
                    .as(
                            "%s: rows only from DuckDB %s, only from Spark %s",
                            table,
                            onlyDuckdb.subList(0, Math.min(3, onlyDuckdb.size())),
                            onlySpark.subList(0, Math.min(3, onlySpark.size())))
                    .isEqualTo(duckdb.get(table));
        }
    }
}
