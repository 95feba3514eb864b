package io.clientele.warehouse.stage;

import io.clientele.schemas.SourceContract;
import io.clientele.warehouse.engine.Engine;
import io.clientele.warehouse.engine.ParquetDirectory;
import io.clientele.warehouse.engine.ParquetTarget;
import io.clientele.warehouse.engine.SqlTemplate;
import io.clientele.warehouse.layout.RunSettings;
import io.clientele.warehouse.layout.WarehouseLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Gathers tonight's rejected rows of every source into the {@code etl_rejects} lake table. */
public final class EtlRejectsStager {

    static final String COLUMNS = "run_id, source, file, line, record_key, column_name, reason, raw_row";
    private static final String EMPTY = "SELECT CAST(NULL AS STRING) AS run_id, CAST(NULL AS STRING) AS source,"
            + " CAST(NULL AS STRING) AS file, CAST(NULL AS BIGINT) AS line, CAST(NULL AS STRING) AS record_key,"
            + " CAST(NULL AS STRING) AS column_name, CAST(NULL AS STRING) AS reason, CAST(NULL AS STRING) AS raw_row"
            + " WHERE 1 = 0";

    private final Engine engine;
    private final WarehouseLayout layout;
    private final RunSettings run;

    public EtlRejectsStager(Engine engine, WarehouseLayout layout, RunSettings run) {
        this.engine = engine;
        this.layout = layout;
        this.run = run;
    }

    /** @return the number of rejects kept in total (all nights) */
    public long stage(List<SourceContract> sources) {
        Path published = layout.lakeTable("etl_rejects");
        if (ParquetDirectory.hasParquetFiles(published)) {
            engine.registerParquet("previous_rejects", published);
        } else {
            engine.createView("previous_rejects", EMPTY);
        }
        List<String> registered = new ArrayList<>();
        boolean erasures = ParquetDirectory.hasParquetFiles(layout.erasureLog());
        if (erasures) {
            engine.registerParquet("erasure_log", layout.erasureLog());
            registered.add("erasure_log");
        }
        StringBuilder tonight = new StringBuilder();
        for (SourceContract source : sources) {
            Path file = layout.landingRejects(run.runDate(), source.source());
            if (ParquetDirectory.hasParquetFiles(file)) {
                String name = "rejects_" + source.source();
                if (erasures && SourceStager.hasErasableColumns(source)) {
                    // the raw rows of customers forgotten before are not kept
                    engine.registerParquet(name + "_as_extracted", file);
                    registered.add(name + "_as_extracted");
                    engine.createView(
                            name,
                            SqlTemplate.load("stage/erased_rejects.sql")
                                    .render(engine.dialect(), Map.of("rejects", name + "_as_extracted")));
                } else {
                    engine.registerParquet(name, file);
                }
                registered.add(name);
                tonight.append("UNION ALL SELECT ")
                        .append(COLUMNS)
                        .append(" FROM ")
                        .append(name)
                        .append('\n');
            }
        }
        Map<String, String> parameters = new HashMap<>(run.sqlParameters());
        parameters.put("tonight", tonight.toString());
        String sql = SqlTemplate.load("stage/etl_rejects.sql").render(engine.dialect(), parameters);
        long rows = engine.materialize(
                "etl_rejects", sql, ParquetTarget.at(layout.workLakeTable(run.runDate(), "etl_rejects")));
        engine.drop("previous_rejects");
        registered.forEach(engine::drop);
        return rows;
    }
}
