package io.clientele.warehouse.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark engine's shortcuts around extra jobs: row counts taken from the write itself and
 * schemas read from the Parquet footers must be what Spark and DuckDB find by themselves.
 */
class SparkEngineTest {

    @TempDir
    Path dir;

    private SparkEngine engine() {
        return new SparkEngine(SparkSettings.local(dir.resolve("scratch")));
    }

    @Test
    void theWriteCountsItsRowsPartitionedOrNotAndEmpty() {
        try (SparkEngine engine = engine()) {
            // multiples of 3 in 0..999: 0, 3, ..., 999 = 334 rows
            assertThat(engine.materialize(
                            "thirds",
                            "SELECT id, CAST(id % 7 AS STRING) AS month FROM range(1000)" + " WHERE id % 3 = 0",
                            ParquetTarget.at(dir.resolve("thirds"))))
                    .isEqualTo(334);
            assertThat(engine.materialize(
                            "by_month",
                            "SELECT id, CAST(id % 7 AS STRING) AS month FROM range(1000)" + " WHERE id % 3 = 0",
                            ParquetTarget.partitioned(dir.resolve("by_month"), "month")))
                    .isEqualTo(334);
            // a plan Spark optimizes to nothing: the write's own count does not arrive
            assertThat(engine.materialize(
                            "none", "SELECT id FROM range(10) WHERE 1 = 0", ParquetTarget.at(dir.resolve("none"))))
                    .isZero();
            // 1000 / 7 rounded up: ids 0, 7, ..., 994 have id % 7 = 0 -> 143; of those every third -> 48
            assertThat(engine.query("SELECT count(*) FROM by_month WHERE id % 7 = 0")
                            .scalar())
                    .isEqualTo(48L);
        }
    }

    @Test
    void footerSchemasAreTheSchemasSparkInfers() throws Exception {
        Path duckdbFile = dir.resolve("duckdb/table.parquet");
        Files.createDirectories(duckdbFile.getParent());
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            s.execute("COPY (SELECT i AS id, 'name ' || i AS name, CAST(i AS DECIMAL(18,4)) / 3 AS amount,"
                    + " DATE '2026-01-01' + CAST(i AS INTEGER) AS day, TIMESTAMP '2026-01-01 10:00:00' + to_hours(i) AS at,"
                    + " i % 2 = 0 AS even FROM range(50) t(i)) TO '" + duckdbFile + "' (FORMAT parquet)");
        }
        try (SparkEngine engine = engine()) {
            engine.materialize(
                    "by_month",
                    "SELECT id, CAST(id AS DECIMAL(18,4)) AS amount,"
                            + " CAST(id % 7 AS STRING) AS month FROM range(100)",
                    ParquetTarget.partitioned(dir.resolve("by_month"), "month"));
            SparkSession spark = engine.session();
            for (Path table : List.of(duckdbFile.getParent(), dir.resolve("by_month"))) {
                StructType inferred = spark.read().parquet(table.toString()).schema();
                StructType fromFooter = ParquetFooters.schema(
                                table,
                                spark.sessionState().newHadoopConf(),
                                spark.sessionState().conf())
                        .orElseThrow();
                StructType read = spark.read()
                        .schema(fromFooter)
                        .parquet(table.toString())
                        .schema();
                assertThat(read).as(table.toString()).isEqualTo(inferred);
            }
            engine.registerParquet("from_duckdb", duckdbFile.getParent());
            // 0..49: 25 even
            assertThat(engine.query("SELECT count(*) FROM from_duckdb WHERE even")
                            .scalar())
                    .isEqualTo(25L);
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                    Statement s = c.createStatement();
                    ResultSet rows = s.executeQuery(
                            "SELECT count(*) FROM read_parquet('" + dir.resolve("by_month") + "/**/*.parquet')")) {
                rows.next();
                assertThat(ParquetFooters.rowCount(
                                dir.resolve("by_month"), spark.sessionState().newHadoopConf()))
                        .isEqualTo(rows.getLong(1))
                        .isEqualTo(100);
            }
        }
    }
}
