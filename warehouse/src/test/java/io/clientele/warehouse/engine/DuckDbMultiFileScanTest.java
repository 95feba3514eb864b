package io.clientele.warehouse.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine reads a month-partitioned lake table as one multi-file Parquet scan. DuckDB 1.4.3
 * once grouped such a scan wrongly (GROUP BY COALESCE(root_cause, 'unknown') over fact_complaint's
 * monthly files gave duplicate or merged groups, differently from run to run); this holds the scan,
 * run again and again on two threads, to the groups counted file by file.
 */
class DuckDbMultiFileScanTest {

    @TempDir
    Path dir;

    @Test
    void aGroupByOverTheMonthlyFilesEqualsTheCountsFileByFile() throws Exception {
        Path table = dir.resolve("fact_complaint");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            // 36 monthly partitions of small files; causes null, short and long, spread unevenly
            s.execute("""
                    COPY (
                        SELECT i AS complaint_id,
                               strftime(DATE '2023-11-01' + INTERVAL (i % 36) MONTH, '%Y-%m') AS month,
                               CASE WHEN i % 7 = 0 THEN NULL
                                    WHEN i % 5 = 0 THEN 'a root cause long enough not to be inlined ' || (i % 3)
                                    ELSE 'cause ' || (i % 11) END AS root_cause
                        FROM range(40000) t(i))
                    TO '{table}' (FORMAT parquet, PARTITION_BY (month), ROW_GROUP_SIZE 2048)""".replace("{table}", table.toString()));
        }
        Map<String, Long> fileByFile = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(table)) {
            files = walk.filter(p -> p.toString().endsWith(".parquet")).toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(36);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            s.execute("SET threads = 1");
            for (Path f : files) {
                add(fileByFile, s, "read_parquet('" + f + "', hive_partitioning = false)");
            }
        }
        assertThat(fileByFile.values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(40_000);
        assertThat(fileByFile).containsKey("unknown").hasSize(1 + 3 + 11);

        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            s.execute("SET threads = 2");
            for (int run = 0; run < 40; run++) {
                Map<String, Long> scanned = new TreeMap<>();
                add(scanned, s, ParquetDirectory.duckDbScan(table));
                assertThat(scanned).as("run %d", run).isEqualTo(fileByFile);
            }
            // the published views' scan keeps the partition key as the text of the path
            try (ResultSet r = s.executeQuery("SELECT any_value(typeof(month)), min(month), count(DISTINCT month) FROM "
                    + ParquetDirectory.duckDbScanWithPartitionKeys(table))) {
                r.next();
                assertThat(List.of(r.getString(1), r.getString(2), r.getString(3)))
                        .containsExactly("VARCHAR", "2023-11", "36");
            }
            // and the engine's own scan leaves it out
            try (ResultSet r = s.executeQuery("SELECT * FROM " + ParquetDirectory.duckDbScan(table) + " LIMIT 1")) {
                assertThat(r.getMetaData().getColumnCount()).isEqualTo(2);
            }
        }
    }

    private static void add(Map<String, Long> counts, Statement s, String relation) throws SQLException {
        try (ResultSet r =
                s.executeQuery("SELECT COALESCE(root_cause, 'unknown'), COUNT(*) FROM " + relation + " GROUP BY 1")) {
            while (r.next()) {
                counts.merge(r.getString(1), r.getLong(2), Long::sum);
            }
        }
    }
}
