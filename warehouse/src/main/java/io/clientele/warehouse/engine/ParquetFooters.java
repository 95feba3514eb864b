package io.clientele.warehouse.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.HadoopReadOptions;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.execution.datasources.parquet.ParquetToSparkSchemaConverter;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * What the Parquet footers of a table tell without a Spark job: its Spark schema and its row
 * count, read in the driver. Left to itself, {@code spark.read().parquet(dir)} infers it with a Spark job of its own (one per
 * table read); the pipeline registers a few hundred tables a night, each a job on two cores.
 * The schema is the one Spark's inference gives: the first data file's, the Spark schema its
 * writer kept in the footer if any, else the Parquet schema converted under the session's
 * settings.
 */
final class ParquetFooters {

    /** Where Spark's Parquet writer keeps the Spark schema of the rows (as JSON). */
    private static final String SPARK_ROW_METADATA = "org.apache.spark.sql.parquet.row.metadata";

    private ParquetFooters() {}

    /** The schema of the table's data columns (partition columns excluded); empty when there is no data file. */
    static Optional<StructType> schema(Path table, Configuration hadoop, SQLConf sql) {
        Optional<Path> file = firstDataFile(table);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try (ParquetFileReader reader = open(file.get(), hadoop)) {
            FileMetaData meta = reader.getFooter().getFileMetaData();
            String json = meta.getKeyValueMetaData().get(SPARK_ROW_METADATA);
            if (json != null && DataType.fromJson(json) instanceof StructType written) {
                return Optional.of(written);
            }
            return Optional.of(new ParquetToSparkSchemaConverter(sql).convert(meta.getSchema()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Parquet footer of " + file.get(), e);
        }
    }

    /** The rows of every data file of the table, summed from the row groups' counts. */
    static long rowCount(Path table, Configuration hadoop) {
        long rows = 0;
        for (Path file : dataFiles(table)) {
            try (ParquetFileReader reader = open(file, hadoop)) {
                rows += reader.getRecordCount();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the Parquet footer of " + file, e);
            }
        }
        return rows;
    }

    /**
     * A reader whose options come from the given configuration: {@code ParquetFileReader.open(file)}
     * alone builds its options on a new Hadoop configuration, which parses Hadoop's XML defaults
     * again for every footer read.
     */
    private static ParquetFileReader open(Path file, Configuration hadoop) throws IOException {
        return ParquetFileReader.open(
                HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), hadoop),
                HadoopReadOptions.builder(hadoop).build());
    }

    /** The first data file in name order, skipping what Spark skips (names starting with '.' or '_'). */
    private static Optional<Path> firstDataFile(Path table) {
        return dataFiles(table).stream().findFirst();
    }

    /** The table's data files in name order, a single file being its own table. */
    private static List<Path> dataFiles(Path table) {
        if (Files.isRegularFile(table)) {
            return List.of(table);
        }
        if (!Files.isDirectory(table)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(table)) {
            return files.filter(p -> !hidden(table.relativize(p)))
                    .filter(p -> p.getFileName().toString().endsWith(".parquet"))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + table, e);
        }
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            String name = part.toString();
            if (name.startsWith(".") || name.startsWith("_")) {
                return true;
            }
        }
        return false;
    }
}
