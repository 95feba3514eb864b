package io.clientele.warehouse.publish;

import io.clientele.warehouse.catalog.Catalog;
import io.clientele.warehouse.catalog.TableManifest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The manifests' descriptions as comments on the published file's tables, views and columns
 * ({@code COMMENT ON}), so that {@code duckdb_tables()}, {@code duckdb_views()},
 * {@code duckdb_columns()} and the BI tools reading them (DBeaver, Metabase, Superset) show them.
 */
final class TableComments {

    private TableComments() {}

    /** Comments every table and view of the file that a manifest declares, and each of their columns it declares. */
    static void write(Connection c, Catalog catalog) throws SQLException {
        Map<String, Boolean> objects = new LinkedHashMap<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT table_name, false FROM duckdb_tables() WHERE NOT internal"
                        + " UNION ALL SELECT view_name, true FROM duckdb_views() WHERE NOT internal ORDER BY 1")) {
            while (rs.next()) {
                objects.put(rs.getString(1), rs.getBoolean(2));
            }
        }
        try (Statement s = c.createStatement();
                PreparedStatement columns = c.prepareStatement(
                        "SELECT column_name FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index")) {
            for (Map.Entry<String, Boolean> object : objects.entrySet()) {
                TableManifest manifest = catalog.find(object.getKey()).orElse(null);
                if (manifest == null) {
                    continue;
                }
                s.execute("COMMENT ON " + (object.getValue() ? "VIEW " : "TABLE ") + quote(object.getKey()) + " IS "
                        + literal(manifest.comment()));
                List<String> names = new ArrayList<>();
                columns.setString(1, object.getKey());
                try (ResultSet rs = columns.executeQuery()) {
                    while (rs.next()) {
                        names.add(rs.getString(1));
                    }
                }
                for (String column : names) {
                    String text = manifest.columns().get(column);
                    if (text != null) {
                        s.execute("COMMENT ON COLUMN " + quote(object.getKey()) + "." + quote(column) + " IS "
                                + literal(text));
                    }
                }
            }
        }
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
