package io.clientele.jobs.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/** Finds personal values left anywhere under a warehouse directory, for the erasure tests. */
public final class PersonalDataTraces {

    private PersonalDataTraces() {}

    /**
     * Where any of the values is found: every Parquet file read with DuckDB (each row as text),
     * every table and view of the DuckDB file, and the bytes of every other file.
     */
    public static List<String> of(Path warehouse, List<String> secrets) throws IOException, SQLException {
        List<String> found = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement();
                Stream<Path> walk = Files.walk(warehouse)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                for (String secret : secrets) {
                    if (bytes.contains(secret)) {
                        found.add(secret + " in the bytes of " + file);
                    }
                }
                if (file.getFileName().toString().endsWith(".parquet")) {
                    found.addAll(rowsContaining(
                            s, "read_parquet('" + file + "', hive_partitioning = false)", secrets, file.toString()));
                }
            }
        }
        List<Path> databases;
        try (Stream<Path> walk = Files.walk(warehouse)) {
            databases = walk.filter(p -> p.getFileName().toString().endsWith(".duckdb"))
                    .toList();
        }
        assertThat(databases).contains(warehouse.resolve("clientele.duckdb"));
        for (Path database : databases) {
            found.addAll(tablesContaining(database, secrets));
        }
        return found;
    }

    /** Every table and view of a DuckDB database (the published file, an extract's scratch), row by row. */
    private static List<String> tablesContaining(Path database, List<String> secrets) throws SQLException {
        List<String> found = new ArrayList<>();
        Properties readOnly = new Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + database, readOnly);
                Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            if (database.getFileName().toString().equals("clientele.duckdb")) {
                assertThat(tables).contains("dim_customer", "etl_rejects", "mart_customer_value");
            } else {
                assertThat(tables).isNotEmpty();
            }
            for (String table : tables) {
                found.addAll(rowsContaining(s, table, secrets, database + " " + table));
            }
        }
        return found;
    }

    private static List<String> rowsContaining(Statement s, String relation, List<String> secrets, String where)
            throws SQLException {
        List<String> found = new ArrayList<>();
        for (String secret : secrets) {
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + relation
                    + " t WHERE contains(CAST(t AS VARCHAR), '" + secret.replace("'", "''") + "')")) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    found.add(secret + " in " + rs.getLong(1) + " rows of " + where);
                }
            }
        }
        return found;
    }
}
