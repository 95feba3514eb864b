package io.clientele.warehouse.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/**
 * Apache Spark through its Java API: the same SQL over the same Parquet lake, on
 * {@code local[*]} here or a cluster. Every materialized table is written once as Parquet
 * and read back, so no Dataset is computed twice and lineage stays short.
 */
public final class SparkEngine implements Engine {

    private final SparkSession spark;
    private final Path scratch;
    private final SqlDialect dialect = new SqlDialect.Spark();
    private final Set<String> views = new HashSet<>();
    private final Configuration hadoopConf;

    public SparkEngine(SparkSettings settings) {
        this.spark = SparkSessionProvider.get(settings);
        this.hadoopConf = spark.sessionState().newHadoopConf();
        this.scratch = settings.scratchDirectory().resolve("spark-tables");
    }

    public SparkSession session() {
        return spark;
    }

    @Override
    public EngineKind kind() {
        return EngineKind.SPARK;
    }

    @Override
    public SqlDialect dialect() {
        return dialect;
    }

    @Override
    public void registerParquet(String name, Path path) {
        drop(name);
        if (!ParquetDirectory.hasParquetFiles(path)) {
            return;
        }
        DataFrameReader reader = spark.read();
        ParquetFooters.schema(path, hadoopConf, spark.sessionState().conf()).ifPresent(reader::schema);
        register(name, withoutPartitionKeys(reader.parquet(path.toAbsolutePath().toString()), path));
    }

    /** A table partitioned by one of its derived columns (a fact's month) reads without it. */
    private static Dataset<Row> withoutPartitionKeys(Dataset<Row> data, Path path) {
        List<String> keys = ParquetDirectory.hivePartitionKeys(path);
        return keys.isEmpty() ? data : data.drop(keys.toArray(String[]::new));
    }

    @Override
    public void createView(String name, String sql) {
        try {
            register(name, spark.sql(sql));
        } catch (Exception e) { // Spark's AnalysisException is checked to Java: not a RuntimeException
            throw new EngineException("Spark: " + e.getMessage() + "\n-- in --\n" + sql, e);
        }
    }

    @Override
    public long materialize(String name, String sql, ParquetTarget target) {
        Dataset<Row> result;
        try {
            result = spark.sql(sql);
        } catch (Exception e) {
            throw new EngineException("Spark: " + e.getMessage() + "\n-- in --\n" + sql, e);
        }
        ParquetTarget where = target != null ? target : ParquetTarget.at(scratch.resolve(name));
        StructType schema = result.schema();
        Path fresh = ParquetDirectory.stagingSibling(where.directory());
        // The write counts its rows as it goes: no second job reading the files back to count them.
        Observation written = new Observation("rows_written");
        result = result.observe(written, functions.count(functions.lit(1)).as("rows"));
        try {
            if (where.partitionBy().isEmpty()) {
                result.write().mode(SaveMode.Overwrite).parquet(fresh.toString());
            } else {
                result.write()
                        .mode(SaveMode.Overwrite)
                        .partitionBy(where.partitionBy().toArray(String[]::new))
                        .parquet(fresh.toString());
                if (!ParquetDirectory.hasParquetFiles(fresh)) {
                    // An empty partitioned write leaves no file; keep the schema in one empty file.
                    ParquetDirectory.deleteRecursively(fresh);
                    spark.createDataFrame(List.of(), schema)
                            .drop(where.partitionBy().toArray(String[]::new))
                            .coalesce(1)
                            .write()
                            .mode(SaveMode.Overwrite)
                            .parquet(fresh.toString());
                }
            }
        } catch (Exception e) {
            ParquetDirectory.deleteRecursively(fresh);
            throw new EngineException("Spark: " + e.getMessage() + "\n-- in --\n" + sql, e);
        }
        ParquetDirectory.replace(where.directory(), fresh);
        Dataset<Row> readBack = withoutPartitionKeys(
                        spark.read()
                                .schema(schema)
                                .parquet(where.directory().toAbsolutePath().toString()),
                        where.directory())
                .drop(where.partitionBy().toArray(String[]::new));
        register(name, readBack);
        Object rows = observedRows(written);
        return rows instanceof Number n ? n.longValue() : ParquetFooters.rowCount(where.directory(), hadoopConf);
    }

    /** The rows the write counted, or null when Spark optimized the counting away (an empty plan). */
    private static Object observedRows(Observation observation) {
        try {
            return observation.getAsJava().get("rows");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("Spark: interrupted while the write's row count arrived", e);
        }
    }

    private void register(String name, Dataset<Row> data) {
        data.createOrReplaceTempView(name);
        views.add(name);
    }

    @Override
    public ResultTable query(String sql) {
        Dataset<Row> df;
        try {
            df = spark.sql(sql);
        } catch (Exception e) {
            throw new EngineException("Spark: " + e.getMessage() + "\n-- in --\n" + sql, e);
        }
        List<String> columns = List.of(df.columns());
        List<List<Object>> rows = new ArrayList<>();
        for (Row row : df.collectAsList()) {
            List<Object> values = new ArrayList<>(row.size());
            for (int i = 0; i < row.size(); i++) {
                values.add(JdbcValues.normalize(row.get(i)));
            }
            rows.add(values);
        }
        return new ResultTable(columns, rows);
    }

    @Override
    public void drop(String name) {
        spark.catalog().dropTempView(name);
        views.remove(name);
    }

    /** Drops this engine's views; the session itself is shared and outlives the engine. */
    @Override
    public void close() {
        for (String view : List.copyOf(views)) {
            drop(view);
        }
        if (Files.exists(scratch)) {
            ParquetDirectory.deleteRecursively(scratch);
        }
    }
}
