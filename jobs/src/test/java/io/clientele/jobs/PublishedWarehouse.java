package io.clientele.jobs;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** Reads the published DuckDB file the way an analyst would: read-only SQL. */
public final class PublishedWarehouse {

    private final Path file;

    public PublishedWarehouse(Path warehouseDir) {
        this.file = warehouseDir.resolve("clientele.duckdb");
    }

    /** Every row of the query, values as text (decimals plain, doubles rounded to 9 places) so they compare exactly. */
    public List<List<String>> rows(String sql) {
        try (Connection c = open()) {
            return rows(c, sql);
        } catch (SQLException e) {
            throw new IllegalStateException(file + ": " + e.getMessage(), e);
        }
    }

    /** Opening a DuckDB file costs more than most queries on it: several queries share one connection. */
    private Connection open() throws SQLException {
        Properties readOnly = new Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        return DriverManager.getConnection("jdbc:duckdb:" + file, readOnly);
    }

    private static List<List<String>> rows(Connection c, String sql) {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            List<List<String>> rows = new ArrayList<>();
            while (rs.next()) {
                List<String> row = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    row.add(text(rs.getObject(i)));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    public List<String> tables() {
        List<String> names = new ArrayList<>();
        for (List<String> row : rows("SELECT table_name FROM information_schema.tables ORDER BY table_name")) {
            names.add(row.get(0));
        }
        return names;
    }

    /**
     * Every table and view of the warehouse with all its rows in a fixed order, for
     * comparing two warehouses cell for cell; {@code warehouse_info} (when and by which
     * engine it was published) is left out.
     */
    public java.util.Map<String, List<List<String>>> contents() {
        java.util.Map<String, List<List<String>>> all = new java.util.TreeMap<>();
        try (Connection c = open()) {
            for (List<String> table : rows(c, "SELECT table_name FROM information_schema.tables ORDER BY table_name")) {
                if (!table.get(0).equals("warehouse_info")) {
                    all.put(table.get(0), rows(c, "SELECT * FROM " + table.get(0) + " ORDER BY ALL"));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(file + ": " + e.getMessage(), e);
        }
        return all;
    }

    private static String text(Object v) {
        if (v == null) {
            return "NULL";
        }
        if (v instanceof BigDecimal d) {
            return d.stripTrailingZeros().toPlainString();
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            return BigDecimal.valueOf(d)
                    .setScale(9, java.math.RoundingMode.HALF_EVEN)
                    .stripTrailingZeros()
                    .toPlainString();
        }
        return v.toString();
    }
}
