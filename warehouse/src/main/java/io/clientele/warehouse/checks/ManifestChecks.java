package io.clientele.warehouse.checks;

import io.clientele.warehouse.catalog.Catalog;
import io.clientele.warehouse.catalog.ForeignKey;
import io.clientele.warehouse.catalog.TableManifest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The checks the manifests imply, as SQL returning one row (column {@code violation}) per
 * violation, under the names the report has always used:
 * <ul>
 *   <li>{@code unique_dimension_keys}: each dimension's key names one row, and (type 2) each
 *       natural key has exactly one current version;</li>
 *   <li>{@code unique_fact_keys}: each fact's key names one row;</li>
 *   <li>{@code unique_mart_grains}: each mart has one row per cell of its grain (its key);</li>
 *   <li>{@code fact_dimension_integrity}: every foreign key names a row of its dimension, and is
 *       not null (unless its manifest lets it be null where another column is).</li>
 * </ul>
 */
final class ManifestChecks {

    static final String UNIQUE_DIMENSION_KEYS = "unique_dimension_keys";
    static final String UNIQUE_FACT_KEYS = "unique_fact_keys";
    static final String UNIQUE_MART_GRAINS = "unique_mart_grains";
    static final String FACT_DIMENSION_INTEGRITY = "fact_dimension_integrity";

    private ManifestChecks() {}

    /** Check name → SQL, in the order they run. */
    static Map<String, String> of(Catalog catalog) {
        List<TableManifest> star = catalog.layer("star");
        List<String> dimensions = new ArrayList<>();
        List<String> facts = new ArrayList<>();
        List<String> integrity = new ArrayList<>();
        for (TableManifest table : star) {
            boolean dimension = table.name().startsWith("dim_");
            if (!table.key().isEmpty()) {
                (dimension ? dimensions : facts).add(unique(table));
            }
            table.scd2().ifPresent(scd2 -> dimensions.add(oneCurrentVersion(table.name(), scd2)));
            table.foreignKeys().forEach((column, fk) -> integrity.add(foreignKey(table, column, fk)));
        }
        List<String> marts = catalog.layer("marts").stream()
                .filter(m -> !m.key().isEmpty())
                .map(ManifestChecks::unique)
                .toList();
        Map<String, String> checks = new LinkedHashMap<>();
        checks.put(UNIQUE_DIMENSION_KEYS, union(dimensions));
        checks.put(UNIQUE_FACT_KEYS, union(facts));
        checks.put(UNIQUE_MART_GRAINS, union(marts));
        checks.put(FACT_DIMENSION_INTEGRITY, union(integrity));
        return checks;
    }

    /** {@code t.k <value> on N rows}, or {@code t (<v1>, <v2>) on N rows} for a composite key. */
    private static String unique(TableManifest table) {
        List<String> key = table.key();
        String named = key.size() == 1
                ? "'" + table.name() + "." + key.get(0) + " ' || " + text(key.get(0))
                : "'" + table.name() + " (' || "
                        + key.stream().map(ManifestChecks::text).collect(Collectors.joining(" || ', ' || "))
                        + " || ')'";
        String columns = key.stream().map(ManifestChecks::quote).collect(Collectors.joining(", "));
        return "SELECT " + named + " || ' on ' || CAST(COUNT(*) AS VARCHAR) || ' rows' AS violation\nFROM "
                + table.name() + " GROUP BY " + columns + " HAVING COUNT(*) > 1";
    }

    private static String oneCurrentVersion(String table, TableManifest.Scd2 scd2) {
        String current = "SUM(CASE WHEN " + quote(scd2.currentFlag()) + " THEN 1 ELSE 0 END)";
        return "SELECT '" + table + "." + scd2.naturalKey() + " ' || " + text(scd2.naturalKey())
                + " || ' has ' || CAST("
                + current + " AS VARCHAR) || ' current versions' AS violation\nFROM " + table + " GROUP BY "
                + quote(scd2.naturalKey()) + " HAVING " + current + " <> 1";
    }

    /** {@code t row <key>: fk <value> not in dim}; the key's columns joined by '/'. */
    private static String foreignKey(TableManifest table, String column, ForeignKey fk) {
        String row = table.key().isEmpty()
                ? "''"
                : table.key().stream().map(k -> value("f." + quote(k))).collect(Collectors.joining(" || '/' || "));
        String where = (fk.nullableWhenNull() == null
                        ? ""
                        : "(f." + quote(fk.nullableWhenNull()) + " IS NOT NULL OR f." + quote(column)
                                + " IS NOT NULL)\n  AND ")
                + "NOT EXISTS (SELECT 1 FROM " + fk.table() + " d WHERE d." + quote(fk.column()) + " = f."
                + quote(column)
                + ")";
        return "SELECT '" + table.name() + " row ' || " + row + " || ': " + column + " ' || "
                + value("f." + quote(column)) + " || ' not in " + fk.table() + "' AS violation\nFROM " + table.name()
                + " f\nWHERE " + where;
    }

    private static String text(String column) {
        return value(quote(column));
    }

    private static String value(String expression) {
        return "COALESCE(CAST(" + expression + " AS VARCHAR), 'NULL')";
    }

    private static String quote(String column) {
        return "\"" + column + "\"";
    }

    private static String union(List<String> selects) {
        return selects.isEmpty()
                ? "SELECT CAST(NULL AS VARCHAR) AS violation WHERE false"
                : String.join("\nUNION ALL\n", selects);
    }
}
