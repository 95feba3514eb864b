package io.clientele.warehouse.marts;

import io.clientele.warehouse.engine.Engine;
import io.clientele.warehouse.engine.ParquetTarget;
import io.clientele.warehouse.engine.SqlTemplate;
import java.util.List;
import java.util.Map;

/** PLACEHOLDER until the marts branch lands. */
public final class MetricMarts {
    public static final List<String> TABLES = List.of();

    public long build(Engine engine, String table, Map<String, String> params, ParquetTarget target) {
        String sql = SqlTemplate.load("marts/" + table + ".sql").render(engine.dialect(), params);
        return engine.materialize(table, sql, target);
    }
}
