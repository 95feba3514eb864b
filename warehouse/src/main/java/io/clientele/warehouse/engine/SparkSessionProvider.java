package io.clientele.warehouse.engine;

import org.apache.spark.sql.SparkSession;

/**
 * One SparkSession per JVM: starting one costs seconds, and Spark allows only one
 * active context anyway. The settings of the first caller win.
 */
public final class SparkSessionProvider {

    private SparkSessionProvider() {}

    public static synchronized SparkSession get(SparkSettings settings) {
        SparkSession.Builder builder = SparkSession.builder()
                .appName("clientele")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                // Two tasks per core: enough to keep the cores busy, few enough that a small
                // night is not all task overhead; adaptive execution coalesces what is still too small.
                .config("spark.sql.shuffle.partitions", String.valueOf(settings.shufflePartitions()))
                .config("spark.sql.adaptive.enabled", String.valueOf(settings.adaptive()))
                .config("spark.sql.adaptive.coalescePartitions.enabled", "true")
                // A fact has a directory per month (36 and more): past 32 paths Spark lists them with
                // a job of as many tasks, at every read. Listed in the driver instead, a read of a
                // partitioned fact costs milliseconds; only thousands of directories need a job.
                .config("spark.sql.sources.parallelPartitionDiscovery.threshold", "4096")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.datetime.java8API.enabled", "true")
                // TIMESTAMP means wall-clock UTC without zone, as in DuckDB; Parquet then marks it
                // isAdjustedToUTC=false and both engines read back the same type.
                .config("spark.sql.timestampType", "TIMESTAMP_NTZ")
                // Timestamps as plain INT64 micros, readable alike by DuckDB and Trino (not INT96).
                .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
                // The session outlives any one warehouse directory (tests, several runs in one JVM), so
                // its own scratch (shuffle files: spark.local.dir) stays in the JVM's temp directory,
                // which Spark cleans up at exit; only the intermediate tables go to the warehouse.
                .config(
                        "spark.sql.warehouse.dir",
                        java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "clientele-spark-warehouse")
                                .toString());
        if (settings.master().startsWith("local")) {
            builder.master(settings.master())
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1");
        } else {
            builder.master(settings.master());
        }
        return builder.getOrCreate();
    }
}
