package io.clientele.warehouse.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One table's manifest, {@code warehouse/sql/<layer>/<table>.yml} beside {@code <table>.sql}
 * (a table written by Java code, such as {@code model_fit}, has the manifest alone). The keys
 * are those of docs/adding-a-table.md; an unknown key fails the load.
 */
public final class TableManifest {

    /** How the table reaches the published DuckDB file. */
    public enum Published {
        /** a view over its Parquet (the lake tables) or over other tables (publish/) */
        @JsonProperty("view")
        VIEW,
        /** a table copied into the file (the marts) */
        @JsonProperty("table")
        TABLE,
        /** not in the file */
        @JsonProperty("not published")
        NOT_PUBLISHED;

        public String text() {
            return this == NOT_PUBLISHED ? "not published" : name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A type-2 slowly changing dimension: each natural key has exactly one current version. */
    public record Scd2(
            @JsonProperty("natural_key") String naturalKey,
            @JsonProperty("current_flag") String currentFlag) {}

    // transient: not keys of the YAML (an unknown key named so fails like any other)
    private transient String name;
    private transient String path;

    private String layer;
    private String grain;
    private String description;
    private List<String> key = List.of();

    @JsonProperty("foreign_keys")
    private Map<String, ForeignKey> foreignKeys = new LinkedHashMap<>();

    @JsonProperty("depends_on")
    private List<String> dependsOn = List.of();

    @JsonProperty("partitioned_by")
    private String partitionedBy;

    private String incremental;

    @JsonProperty("delta_sources")
    private List<String> deltaSources = List.of();

    @JsonProperty("compared_by_incremental")
    private boolean comparedByIncremental;

    @JsonProperty("first_event")
    private String firstEvent;

    private Scd2 scd2;

    @JsonProperty("published_as")
    private Published publishedAs;

    private LinkedHashMap<String, String> columns = new LinkedHashMap<>();

    private TableManifest() {}

    /** Checks what YAML cannot: required keys, and references between the keys. */
    TableManifest named(String table, String file, String directory) {
        this.name = table;
        this.path = file;
        require(layer, "layer");
        require(grain, "grain");
        require(description, "description");
        if (publishedAs == null) {
            throw invalid("missing key 'published_as' (view, table or not published)");
        }
        if (columns == null || columns.isEmpty()) {
            throw invalid("missing key 'columns'");
        }
        if (!layer.equals(directory)) {
            throw invalid("layer '" + layer + "' but the file is in warehouse/sql/" + directory + "/");
        }
        columns.forEach((column, text) -> {
            if (text == null || text.isBlank()) {
                throw invalid("column '" + column + "' has no description");
            }
        });
        key = key == null ? List.of() : List.copyOf(key);
        dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
        deltaSources = deltaSources == null ? List.of() : List.copyOf(deltaSources);
        foreignKeys = foreignKeys == null ? new LinkedHashMap<>() : foreignKeys;
        for (String column : key) {
            requireColumn(column, "key");
        }
        foreignKeys.forEach((column, fk) -> {
            requireColumn(column, "foreign_keys");
            if (fk.nullableWhenNull() != null) {
                requireColumn(fk.nullableWhenNull(), "foreign_keys." + column + ".nullable_when_null");
            }
        });
        if (scd2 != null) {
            requireColumn(scd2.naturalKey(), "scd2.natural_key");
            requireColumn(scd2.currentFlag(), "scd2.current_flag");
        }
        if (incremental != null && partitionedBy == null) {
            throw invalid("'incremental' rewrites partitions: it needs 'partitioned_by'");
        }
        return this;
    }

    private void require(String value, String yamlKey) {
        if (value == null || value.isBlank()) {
            throw invalid("missing key '" + yamlKey + "'");
        }
    }

    private void requireColumn(String column, String yamlKey) {
        if (!columns.containsKey(column)) {
            throw invalid(yamlKey + " names '" + column + "', which is not in its columns");
        }
    }

    private IllegalArgumentException invalid(String message) {
        return new IllegalArgumentException(path + ": " + message);
    }

    /** The table's name: its file's name. */
    public String name() {
        return name;
    }

    /** The manifest's path in the repository, e.g. {@code warehouse/sql/star/fact_order.yml}. */
    public String path() {
        return path;
    }

    /** The folder under warehouse/sql/ and the step that builds it: star, marts, predict, publish, ... */
    public String layer() {
        return layer;
    }

    /** What one row is, in one sentence. */
    public String grain() {
        return grain;
    }

    public String description() {
        return description;
    }

    /** The comment of the published table or view: the description, then the grain. */
    public String comment() {
        return description + " Grain: " + grain;
    }

    /** The primary (or natural) key columns; empty for a table without one. */
    public List<String> key() {
        return key;
    }

    /** Column → the dimension key it names, in the manifest's order. */
    public Map<String, ForeignKey> foreignKeys() {
        return java.util.Collections.unmodifiableMap(foreignKeys);
    }

    /** The tables (and staged sources, {@code stg_<source>}) its SQL reads. */
    public List<String> dependsOn() {
        return dependsOn;
    }

    /** The partition column of a table kept as hive partitions ({@code month}). */
    public Optional<String> partitionedBy() {
        return Optional.ofNullable(partitionedBy);
    }

    /** Its incremental rule, a path under warehouse/sql/ ({@code star/incremental/fact_order.sql}). */
    public Optional<String> incremental() {
        return Optional.ofNullable(incremental);
    }

    /** The sources whose changes since the lake its incremental rule reads ({@code delta_<source>}). */
    public List<String> deltaSources() {
        return deltaSources;
    }

    /** Whether the incremental rules compare tonight's table with the lake's ({@code lake_<table>}). */
    public boolean comparedByIncremental() {
        return comparedByIncremental || incremental != null;
    }

    /** {@code stg_<source>.<column>}: the staged event stamp whose earliest value can start the calendar. */
    public Optional<String> firstEvent() {
        return Optional.ofNullable(firstEvent);
    }

    public Optional<Scd2> scd2() {
        return Optional.ofNullable(scd2);
    }

    public Published publishedAs() {
        return publishedAs;
    }

    public boolean isPublished() {
        return publishedAs != Published.NOT_PUBLISHED;
    }

    /** Every output column, in the SQL's order, with its one-line description. */
    public Map<String, String> columns() {
        return java.util.Collections.unmodifiableMap(columns);
    }

    /** The SQL file that computes it ({@code star/fact_order.sql}), relative to warehouse/sql/. */
    public String sqlPath() {
        return layer + "/" + name + ".sql";
    }

    @Override
    public String toString() {
        return path;
    }
}
