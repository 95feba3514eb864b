package io.clientele.warehouse.engine;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a materialized table is written as Parquet: a directory, optionally
 * hive-partitioned by some of its columns (facts by month).
 */
public record ParquetTarget(Path directory, List<String> partitionBy) {
    public ParquetTarget {
        partitionBy = List.copyOf(partitionBy);
    }

    public static ParquetTarget at(Path directory) {
        return new ParquetTarget(directory, List.of());
    }

    public static ParquetTarget partitioned(Path directory, String... columns) {
        return new ParquetTarget(directory, List.of(columns));
    }
}
