package io.clientele.warehouse.engine;

import java.nio.file.Path;

/**
 * How the in-process DuckDB engine may use the machine: a memory limit it spills past
 * (rather than swelling), its threads, and where it spills.
 */
public record DuckDbSettings(String memoryLimit, int threads, Path tempDirectory) {
    public static DuckDbSettings defaults(Path tempDirectory) {
        return new DuckDbSettings("1.5GB", Runtime.getRuntime().availableProcessors(), tempDirectory);
    }
}
