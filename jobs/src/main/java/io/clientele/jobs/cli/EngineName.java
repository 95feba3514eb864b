package io.clientele.jobs.cli;

import io.clientele.warehouse.engine.EngineKind;

/**
 * The values of {@code --engine}, spelled as typed: picocli lists them when a value is wrong and
 * offers them to shell completion.
 */
enum EngineName {
    duckdb,
    spark;

    /** The engine's id, for the job parameters; null when the option was not given (the setting decides). */
    static String idOf(EngineName engine) {
        return engine == null ? null : EngineKind.parse(engine.name()).id();
    }
}
