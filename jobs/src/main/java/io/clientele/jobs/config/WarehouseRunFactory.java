package io.clientele.jobs.config;

import io.clientele.warehouse.engine.DuckDbSettings;
import io.clientele.warehouse.engine.EngineConfig;
import io.clientele.warehouse.engine.EngineKind;
import io.clientele.warehouse.engine.SparkSettings;
import io.clientele.warehouse.layout.RunSettings;
import io.clientele.warehouse.layout.WarehouseLayout;
import io.clientele.warehouse.pipeline.NightlyPipeline;
import io.clientele.warehouse.predict.ChurnSettings;
import io.clientele.warehouse.predict.ModelSettings;
import java.time.LocalDate;
import org.springframework.stereotype.Component;

/** Turns the settings and a run's parameters into the Spring-free warehouse pipeline. */
@Component
public class WarehouseRunFactory {

    private final ClienteleProperties properties;

    public WarehouseRunFactory(ClienteleProperties properties) {
        this.properties = properties;
    }

    public WarehouseLayout layout() {
        return new WarehouseLayout(properties.warehouseDir());
    }

    /** The salt of the email and phone hashes of this warehouse. */
    public String piiSalt() {
        return PiiSalt.forWarehouse(layout().meta());
    }

    public NightlyPipeline pipeline(LocalDate runDate, String engine) {
        WarehouseLayout layout = layout();
        RunSettings run = new RunSettings(
                runDate,
                properties.inactivityDays(),
                properties.complaintDeadlineDays(),
                PiiSalt.forWarehouse(layout.meta()),
                properties.marts().churnReasonDays());
        ModelSettings models = new ModelSettings(
                properties.models().timeUnit(),
                properties.models().monthlyDiscountRate(),
                properties.models().churnTrainingRows(),
                properties.models().churnRefitDays());
        return new NightlyPipeline(
                layout,
                run,
                engineConfig(engine == null ? properties.engine() : engine, layout),
                models,
                ChurnSettings.Mode.parse(properties.models().churn()));
    }

    private EngineConfig engineConfig(String engine, WarehouseLayout layout) {
        int cores = Runtime.getRuntime().availableProcessors();
        int threads = properties.duckdb().threads() > 0 ? properties.duckdb().threads() : cores;
        int partitions = properties.spark().shufflePartitions() > 0
                ? properties.spark().shufflePartitions()
                : Math.max(2, 2 * cores);
        return new EngineConfig(
                EngineKind.parse(engine),
                new DuckDbSettings(
                        properties.duckdb().memoryLimit(), threads, layout.engineScratch(EngineKind.DUCKDB.id())),
                new SparkSettings(
                        properties.spark().master(),
                        partitions,
                        properties.spark().adaptive(),
                        layout.engineScratch(EngineKind.SPARK.id())));
    }
}
