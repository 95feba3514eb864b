package io.clientele.warehouse.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Collectors;

/**
 * The default engine: DuckDB in-process. Materialized tables live in an in-memory
 * database (spilling to {@link DuckDbSettings#tempDirectory()}) and are copied to Parquet
 * when they belong to the lake. Its tables and views are temporary ones of its connection to the
 * process's database ({@link DuckDbDatabase}), so no other engine sees them.
 */
public final class DuckDbEngine implements Engine {

    private final DuckDbDatabase.Lease lease;
    private final Connection connection;
    private final SqlDialect dialect = new SqlDialect.DuckDb();

    public DuckDbEngine(DuckDbSettings settings) {
        try {
            lease = DuckDbDatabase.connect(settings);
            connection = lease.connection();
            try (Statement s = connection.createStatement()) {
                s.execute("SET TimeZone = 'UTC'"); // a setting of the connection
            }
        } catch (SQLException e) {
            throw new EngineException("cannot start DuckDB: " + e.getMessage(), e);
        }
    }

    @Override
    public EngineKind kind() {
        return EngineKind.DUCKDB;
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
        // A table partitioned by one of its derived columns (a fact's month) reads without it.
        String source = Files.isDirectory(path)
                ? ParquetDirectory.duckDbScan(path)
                : "read_parquet(" + ParquetDirectory.literal(path) + ")";
        run("CREATE TEMP VIEW " + quote(name) + " AS SELECT * FROM " + source);
    }

    @Override
    public void createView(String name, String sql) {
        drop(name);
        run("CREATE TEMP VIEW " + quote(name) + " AS " + sql);
    }

    @Override
    public long materialize(String name, String sql, ParquetTarget target) {
        drop(name);
        if (target == null) {
            run("CREATE TEMP TABLE " + quote(name) + " AS " + sql);
            return ((Number) query("SELECT count(*) FROM " + quote(name)).scalar()).longValue();
        }
        // Straight from the query to Parquet, then a view over the files: the database is in
        // memory, so a table per result would keep the whole star schema in RAM.
        writeParquet(sql, target);
        registerParquet(name, target.directory());
        return ((Number) query("SELECT count(*) FROM " + quote(name)).scalar()).longValue();
    }

    private void writeParquet(String sql, ParquetTarget target) {
        Path fresh = ParquetDirectory.stagingSibling(target.directory());
        try {
            Files.createDirectories(fresh);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (target.partitionBy().isEmpty()) {
            run("COPY (" + sql + ") TO " + ParquetDirectory.literal(fresh.resolve("part-0.parquet"))
                    + " (FORMAT parquet)");
        } else {
            String columns =
                    target.partitionBy().stream().map(DuckDbEngine::quote).collect(Collectors.joining(", "));
            run("COPY (" + sql + ") TO " + ParquetDirectory.literal(fresh) + " (FORMAT parquet, PARTITION_BY ("
                    + columns + "), OVERWRITE_OR_IGNORE)");
            if (!ParquetDirectory.hasParquetFiles(fresh)) {
                // An empty result is still written as one file, so its schema survives (without
                // the partition columns, which a partitioned table's readers do not see).
                run("COPY (SELECT * EXCLUDE (" + columns + ") FROM (" + sql + ")) TO "
                        + ParquetDirectory.literal(fresh.resolve("part-0.parquet")) + " (FORMAT parquet)");
            }
        }
        ParquetDirectory.replace(target.directory(), fresh);
    }

    @Override
    public ResultTable query(String sql) {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            return JdbcValues.read(rs);
        } catch (SQLException e) {
            throw new EngineException("DuckDB: " + e.getMessage() + "\n-- in --\n" + sql, e);
        }
    }

    @Override
    public void drop(String name) {
        run("DROP VIEW IF EXISTS " + quote(name));
        run("DROP TABLE IF EXISTS " + quote(name));
    }

    private void run(String sql) {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            if (sql.startsWith("DROP VIEW") || sql.startsWith("DROP TABLE")) {
                // DuckDB refuses DROP VIEW on a table and vice versa; the other DROP handles it.
                if (e.getMessage().contains("trying to drop")) {
                    return;
                }
            }
            throw new EngineException("DuckDB: " + e.getMessage() + "\n-- in --\n" + sql, e);
        }
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    @Override
    public void close() {
        try {
            lease.close();
        } catch (SQLException e) {
            throw new EngineException("cannot close DuckDB: " + e.getMessage(), e);
        }
    }
}
