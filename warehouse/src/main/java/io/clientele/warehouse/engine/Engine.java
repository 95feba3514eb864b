package io.clientele.warehouse.engine;

import java.nio.file.Path;

/**
 * What the warehouse stages need from an engine, and no more. Stages hand it SQL
 * (rendered for its dialect by {@link SqlTemplate}) and table names; they never
 * know which engine runs them.
 */
public interface Engine extends AutoCloseable {

    EngineKind kind();

    /** The per-engine macros that let one SQL file run on both engines. */
    SqlDialect dialect();

    /**
     * Makes Parquet data queryable under {@code name}: a file, or a directory of files
     * (hive partitions included). A directory with no files yet is not an error: the
     * caller must then not query it.
     */
    void registerParquet(String name, Path path);

    /** Makes {@code sql} queryable as {@code name} without computing it (a view). */
    void createView(String name, String sql);

    /**
     * Runs {@code sql} and keeps its result queryable as {@code name}; when a target is
     * given the result is also written there as Parquet (replacing what was there).
     *
     * @return the number of rows
     */
    long materialize(String name, String sql, ParquetTarget target);

    /** Runs a query whose result is small enough to hold in memory. */
    ResultTable query(String sql);

    /** Forgets a name registered or materialized before (no error if unknown). */
    void drop(String name);

    @Override
    void close();
}
