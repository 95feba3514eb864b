package io.clientele.jobs.dictionary;

import io.clientele.warehouse.publish.ReadOnlyWarehouseConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the published DuckDB file holds, read-only: each table and view with its comment and row
 * count, and each column with its type and comment, from {@code duckdb_tables()},
 * {@code duckdb_views()} and {@code duckdb_columns()}.
 */
public final class PublishedSchema {

    /** One column of a published table or view. */
    public record Column(String name, String type, String comment) {}

    /**
     * One published table or view.
     *
     * @param kind  {@code table} or {@code view}
     * @param rows  its row count; null when it cannot be counted (a view over files that are gone)
     */
    public record Relation(String name, String kind, String comment, Long rows, List<Column> columns) {}

    private PublishedSchema() {}

    /** Every table and view of the file, by name. */
    public static Map<String, Relation> read(Path duckDbFile) throws SQLException {
        if (!Files.isRegularFile(duckDbFile)) {
            throw new IllegalArgumentException("no published warehouse at " + duckDbFile);
        }
        Map<String, Relation> relations = new LinkedHashMap<>();
        try (Connection c = ReadOnlyWarehouseConnection.open(duckDbFile);
                Statement s = c.createStatement()) {
            Map<String, String[]> objects = new LinkedHashMap<>();
            try (ResultSet rs = s.executeQuery("""
                    SELECT table_name, 'table', comment FROM duckdb_tables()
                        WHERE NOT internal AND NOT temporary AND database_name = current_database()
                    UNION ALL
                    SELECT view_name, 'view', comment FROM duckdb_views()
                        WHERE NOT internal AND NOT temporary AND database_name = current_database()
                    ORDER BY 1""")) {
                while (rs.next()) {
                    objects.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3)});
                }
            }
            Map<String, List<Column>> columns = new LinkedHashMap<>();
            try (ResultSet rs = s.executeQuery("""
                    SELECT table_name, column_name, data_type, comment FROM duckdb_columns()
                    WHERE NOT internal AND database_name = current_database()
                    ORDER BY table_name, column_index""")) {
                while (rs.next()) {
                    columns.computeIfAbsent(rs.getString(1), t -> new ArrayList<>())
                            .add(new Column(rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
            for (Map.Entry<String, String[]> o : objects.entrySet()) {
                String name = o.getKey();
                relations.put(
                        name,
                        new Relation(
                                name,
                                o.getValue()[0],
                                o.getValue()[1],
                                count(c, name),
                                List.copyOf(columns.getOrDefault(name, List.of()))));
            }
        }
        return relations;
    }

    private static Long count(Connection c, String relation) {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM \"" + relation.replace("\"", "\"\"") + "\"")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            // e.g. a view over a folder with no files yet: the dictionary shows no count rather than failing
            return null;
        }
    }
}
