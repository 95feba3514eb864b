package io.clientele.warehouse.engine;

import java.nio.file.Path;

/**
 * How the Spark engine runs: the master ({@code local[*]} on one machine,
 * {@code spark://host:7077} or a cluster manager beyond it), shuffle partitions sized to
 * the cores, and a scratch directory for intermediate tables.
 */
public record SparkSettings(String master, int shufflePartitions, Path scratchDirectory) {
    public static SparkSettings local(Path scratchDirectory) {
        return new SparkSettings("local[*]", Math.max(2, 2 * Runtime.getRuntime().availableProcessors()),
                scratchDirectory);
    }
}
