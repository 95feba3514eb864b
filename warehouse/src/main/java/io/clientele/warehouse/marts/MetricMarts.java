package io.clientele.warehouse.marts;

import io.clientele.warehouse.engine.Engine;
import io.clientele.warehouse.engine.ParquetTarget;
import io.clientele.warehouse.engine.SqlTemplate;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metric marts, each one SQL file {@code warehouse/sql/marts/<mart>.sql} over the star
 * schema (and the predict stage's predictions), computed for the run's as-of date by whichever engine runs the night.
 */
public final class MetricMarts {

    private static final Logger log = LoggerFactory.getLogger(MetricMarts.class);

    /** In build order. */
    public static final List<String> TABLES = List.of(
            "mart_customer_value",
            "mart_cohort_retention",
            "mart_churn_monthly",
            "mart_complaints_monthly",
            "mart_satisfaction_monthly",
            "mart_acquisition_monthly",
            "mart_book_of_business",
            "mart_complaint_causes",
            "mart_contract_retention");

    /** Computes one mart into its Parquet target; returns its row count. */
    public long build(Engine engine, String table, Map<String, String> params, ParquetTarget target) {
        long started = System.nanoTime();
        String sql = SqlTemplate.load("marts/" + table + ".sql").render(engine.dialect(), params);
        long rows = engine.materialize(table, sql, target);
        log.info("marts {}: {} rows ({} ms)", table, rows, (System.nanoTime() - started) / 1_000_000);
        return rows;
    }
}
