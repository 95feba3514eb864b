package io.clientele.warehouse.engine;

import java.nio.file.Path;

/**
 * How the Spark engine runs: the master ({@code local[*]} on one machine,
 * {@code spark://host:7077} or a cluster manager beyond it), shuffle partitions sized to
 * the cores, adaptive query execution, and a scratch directory for intermediate tables.
 *
 * @param adaptive adaptive query execution (coalesces the small shuffles, picks broadcast
 *                 joins from the real sizes); essential on small nights, whose many tiny
 *                 shuffles it folds into a task or two (figures in BENCHMARKS.md)
 */
public record SparkSettings(String master, int shufflePartitions, boolean adaptive, Path scratchDirectory) {

    public SparkSettings(String master, int shufflePartitions, Path scratchDirectory) {
        this(master, shufflePartitions, true, scratchDirectory);
    }

    public static SparkSettings local(Path scratchDirectory) {
        return new SparkSettings(
                "local[*]", Math.max(2, 2 * Runtime.getRuntime().availableProcessors()), scratchDirectory);
    }
}
