package io.clientele.warehouse.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Collectors;

/**
 * The default engine: DuckDB in-process. Materialized tables live in an in-memory
 * database (spilling to {@link DuckDbSettings#tempDirectory()}) and are copied to Parquet
 * when they belong to the lake.
 */
public final class DuckDbEngine implements Engine {

    private final Connection connection;
    private final SqlDialect dialect = new SqlDialect.DuckDb();

    public DuckDbEngine(DuckDbSettings settings) {
        try {
            Files.createDirectories(settings.tempDirectory());
            connection = DriverManager.getConnection("jdbc:duckdb:");
            try (Statement s = connection.createStatement()) {
                s.execute("SET TimeZone = 'UTC'");
                s.execute("SET memory_limit = '" + settings.memoryLimit() + "'");
                s.execute("SET threads = " + settings.threads());
                s.execute("SET temp_directory = " + ParquetDirectory.literal(settings.tempDirectory()));
                s.execute("SET preserve_insertion_order = false");
            }
        } catch (SQLException e) {
            throw new EngineException("cannot start DuckDB: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
        String source = Files.isDirectory(path)
                ? "read_parquet(" + ParquetDirectory.literal(path.resolve("**").resolve("*.parquet"))
                        + ", hive_partitioning = true, union_by_name = true)"
                : "read_parquet(" + ParquetDirectory.literal(path) + ")";
        run("CREATE VIEW " + quote(name) + " AS SELECT * FROM " + source);
    }

    @Override
    public void createView(String name, String sql) {
        drop(name);
        run("CREATE VIEW " + quote(name) + " AS " + sql);
    }

    @Override
    public long materialize(String name, String sql, ParquetTarget target) {
        drop(name);
        run("CREATE TABLE " + quote(name) + " AS " + sql);
        if (target != null) {
            writeParquet(name, target);
        }
        return ((Number) query("SELECT count(*) FROM " + quote(name)).scalar()).longValue();
    }

    private void writeParquet(String name, ParquetTarget target) {
        Path fresh = ParquetDirectory.stagingSibling(target.directory());
        boolean empty = ((Number) query("SELECT count(*) FROM " + quote(name)).scalar()).longValue() == 0;
        if (target.partitionBy().isEmpty() || empty) {
            // An empty result is still written as one file, so its schema survives.
            try {
                Files.createDirectories(fresh);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            run("COPY " + quote(name) + " TO " + ParquetDirectory.literal(fresh.resolve("part-0.parquet"))
                    + " (FORMAT parquet)");
        } else {
            String columns = target.partitionBy().stream().map(DuckDbEngine::quote).collect(Collectors.joining(", "));
            run("COPY " + quote(name) + " TO " + ParquetDirectory.literal(fresh)
                    + " (FORMAT parquet, PARTITION_BY (" + columns + "))");
        }
        ParquetDirectory.replace(target.directory(), fresh);
    }

    @Override
    public ResultTable query(String sql) {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
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
            connection.close();
        } catch (SQLException e) {
            throw new EngineException("cannot close DuckDB: " + e.getMessage(), e);
        }
    }
}
