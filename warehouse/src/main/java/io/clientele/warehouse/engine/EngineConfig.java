package io.clientele.warehouse.engine;

/** Which engine a run uses, with the settings of each; {@link #open()} starts it. */
public record EngineConfig(EngineKind kind, DuckDbSettings duckdb, SparkSettings spark) {

    public Engine open() {
        return switch (kind) {
            case DUCKDB -> new DuckDbEngine(duckdb);
            case SPARK -> new SparkEngine(spark);
        };
    }
}
