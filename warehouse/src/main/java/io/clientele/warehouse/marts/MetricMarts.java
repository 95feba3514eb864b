package io.clientele.warehouse.marts;

import io.clientele.warehouse.catalog.Catalog;
import io.clientele.warehouse.engine.Engine;
import io.clientele.warehouse.engine.ParquetTarget;
import io.clientele.warehouse.engine.SqlTemplate;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metric marts, each one SQL file {@code warehouse/sql/marts/<mart>.sql} over the star
 * schema (and the predict stage's predictions), computed for the run's as-of date by whichever engine runs the night.
 */
public final class MetricMarts {

    private static final Logger log = LoggerFactory.getLogger(MetricMarts.class);

    /**
     * The marts in build order: the manifests of {@code warehouse/sql/marts/}, each after the marts
     * its depends_on names. A new mart is its SQL file and its manifest; nothing here changes.
     */
    public static List<String> tables() {
        return Catalog.load().names("marts");
    }

    /** The tables of a lower layer ({@code predict}, ...) that some mart reads, in that layer's build order. */
    public static List<String> inputs(String layer) {
        Catalog catalog = Catalog.load();
        java.util.Set<String> read = new java.util.HashSet<>();
        catalog.layer("marts").forEach(m -> read.addAll(m.dependsOn()));
        return catalog.names(layer).stream().filter(read::contains).toList();
    }

    /** The marts that {@code mart}'s depends_on names: built before it, read from their Parquet. */
    public static List<String> martInputs(String mart) {
        Catalog catalog = Catalog.load();
        List<String> marts = catalog.names("marts");
        return catalog.table(mart).dependsOn().stream().filter(marts::contains).toList();
    }

    /** Computes one mart into its Parquet target; returns its row count. */
    public long build(Engine engine, String table, Map<String, String> params, ParquetTarget target) {
        long started = System.nanoTime();
        String sql = SqlTemplate.load("marts/" + table + ".sql").render(engine.dialect(), params);
        long rows = engine.materialize(table, sql, target);
        log.info("marts {}: {} rows ({} ms)", table, rows, (System.nanoTime() - started) / 1_000_000);
        return rows;
    }
}
