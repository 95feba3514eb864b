package io.clientele.warehouse.engine;

import java.util.Locale;

/** The two engines that run the warehouse SQL. DuckDB is the default: fastest on one machine. */
public enum EngineKind {
    DUCKDB,
    SPARK;

    public static EngineKind parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown engine '" + name + "' (expected duckdb or spark)");
        }
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
