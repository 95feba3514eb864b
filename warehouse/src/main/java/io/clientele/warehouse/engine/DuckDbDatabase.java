package io.clientele.warehouse.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.duckdb.DuckDBConnection;

/**
 * The in-memory DuckDB database the engines of a process connect to, one per {@link DuckDbSettings}.
 * Starting a DuckDB database takes about a tenth of a second, a connection to a running one about a
 * millisecond, and a night opens an engine per star-schema table and per mart. Each engine keeps
 * its tables and views in its connection's temporary schema, so they are its own and are freed
 * when it closes, as they were with a database of its own.
 *
 * <p>Memory limit, threads and spill directory belong to the database, not the connection: engines
 * asking for other settings while the shared database is in use get a database of their own.
 */
public final class DuckDbDatabase {

    private static DuckDbSettings sharedSettings;
    private static DuckDBConnection shared;
    private static int connected;

    private DuckDbDatabase() {}

    /** A connection for one engine, to the shared database when its settings allow; hand it back with {@link Lease#close}. */
    static synchronized Lease connect(DuckDbSettings settings) throws SQLException {
        if (shared != null && !settings.equals(sharedSettings) && connected == 0) {
            shared.close();
            shared = null;
        }
        if (shared == null) {
            shared = (DuckDBConnection) start(settings);
            sharedSettings = settings;
        } else if (!settings.equals(sharedSettings)) {
            return new Lease(start(settings), false);
        }
        Lease lease = new Lease(shared.duplicate(), true);
        connected++;
        return lease;
    }

    /**
     * A connection for small work beside the engines (rows appended from Java and copied to
     * Parquet, counts read from Parquet files): to the shared database when one is running, else
     * to a database of its own. Its tables must be temporary ones, as an engine's are.
     */
    public static synchronized Lease scratch() throws SQLException {
        if (shared == null) {
            return new Lease(DriverManager.getConnection("jdbc:duckdb:"), false);
        }
        Lease lease = new Lease(shared.duplicate(), true);
        connected++;
        return lease;
    }

    /** One engine's connection; closing it drops the engine's temporary tables and views. */
    public record Lease(Connection connection, boolean shared) implements AutoCloseable {
        @Override
        public void close() throws SQLException {
            synchronized (DuckDbDatabase.class) {
                try {
                    connection.close();
                } finally {
                    if (shared) {
                        connected--;
                    }
                }
            }
        }
    }

    private static Connection start(DuckDbSettings settings) throws SQLException {
        try {
            Files.createDirectories(settings.tempDirectory());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement s = connection.createStatement()) {
            s.execute("SET memory_limit = '" + settings.memoryLimit() + "'");
            s.execute("SET threads = " + settings.threads());
            s.execute("SET temp_directory = " + ParquetDirectory.literal(settings.tempDirectory()));
            s.execute("SET preserve_insertion_order = false");
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }
}
