package io.clientele.jobs.monitoring;

import io.clientele.jobs.batch.NightStep;
import io.clientele.jobs.batch.NightlyJobParameters;
import io.clientele.jobs.batch.NightlyJobs;
import io.clientele.schemas.ColumnContract;
import io.clientele.schemas.SourceContract;
import io.clientele.schemas.SourceContracts;
import io.clientele.warehouse.catalog.Catalog;
import io.clientele.warehouse.catalog.TableManifest;
import io.clientele.warehouse.layout.WarehouseLayout;
import io.openlineage.client.OpenLineage;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.batch.core.JobParameters;

/**
 * The datasets of a night as OpenLineage names them. Inputs: each source's CSV file in the inbox
 * (namespace {@code file}, name its path) or its table in the operational database (namespace
 * {@code postgres://host:port}, name {@code database.schema.table}), with the contract's columns.
 * Outputs: each published lake table and mart (their Parquet directories) and the DuckDB file,
 * with the manifests' columns and, once the night's checks have counted them, their rows. A
 * one-step job has the datasets of its step: an extract its source, publish every output.
 */
final class NightDatasets {

    static final String FILE_NAMESPACE = "file";

    private final OpenLineage lineage;
    private final WarehouseLayout layout;
    private final String defaultJdbcUrl;
    private final String jdbcSchema;

    NightDatasets(OpenLineage lineage, WarehouseLayout layout, String defaultJdbcUrl, String jdbcSchema) {
        this.lineage = lineage;
        this.layout = layout;
        this.defaultJdbcUrl = defaultJdbcUrl;
        this.jdbcSchema = jdbcSchema;
    }

    /** The sources the job reads, with the rows each extract read when {@code read} has them. */
    List<OpenLineage.InputDataset> inputs(String jobName, JobParameters parameters, Map<String, Long> read) {
        List<OpenLineage.InputDataset> inputs = new ArrayList<>();
        for (SourceContract source : SourceContracts.all()) {
            String step = NightStep.extractStep(source.source());
            if (!jobName.equals(NightlyJobs.JOB_NAME) && !jobName.equals(NightlyJobs.stepJobName(step))) {
                continue;
            }
            Dataset dataset = "jdbc".equals(parameters.getString(NightlyJobParameters.SOURCE))
                    ? jdbcTable(parameters, source.source())
                    : csvFile(parameters, source.source());
            if (dataset == null) {
                continue; // an optional source the extract leaves out
            }
            OpenLineage.InputDatasetBuilder input = lineage.newInputDatasetBuilder()
                    .namespace(dataset.namespace())
                    .name(dataset.name())
                    .facets(lineage.newDatasetFacetsBuilder()
                            .schema(lineage.newSchemaDatasetFacet(source.columns().stream()
                                    .map(c -> field(c.name(), c.type(), description(c)))
                                    .toList()))
                            .dataSource(lineage.newDatasourceDatasetFacet(dataset.namespace(), dataset.uri()))
                            .build());
            Long rows = read.get(source.source());
            if (rows != null) {
                input.inputFacets(lineage.newInputDatasetInputFacetsBuilder()
                        .inputStatistics(lineage.newInputStatisticsInputDatasetFacet(rows, null, null))
                        .build());
            }
            inputs.add(input.build());
        }
        return inputs;
    }

    /** The tables the job publishes, with their row counts when {@code rowCounts} has them. */
    List<OpenLineage.OutputDataset> outputs(String jobName, Map<String, Long> rowCounts) {
        if (!jobName.equals(NightlyJobs.JOB_NAME)
                && !jobName.equals(NightlyJobs.stepJobName(NightStep.PUBLISH.stepName()))) {
            return List.of();
        }
        List<OpenLineage.OutputDataset> outputs = new ArrayList<>();
        Catalog catalog = Catalog.load();
        for (TableManifest table : catalog.tables()) {
            Path directory = directory(table);
            if (directory == null) {
                continue;
            }
            OpenLineage.OutputDatasetBuilder output = lineage.newOutputDatasetBuilder()
                    .namespace(FILE_NAMESPACE)
                    .name(directory.toString())
                    .facets(lineage.newDatasetFacetsBuilder()
                            .schema(lineage.newSchemaDatasetFacet(table.columns().entrySet().stream()
                                    .map(c -> field(c.getKey(), null, c.getValue()))
                                    .toList()))
                            .dataSource(lineage.newDatasourceDatasetFacet(FILE_NAMESPACE, directory.toUri()))
                            .build());
            Long rows = rowCounts.get(table.name());
            if (rows != null) {
                output.outputFacets(lineage.newOutputDatasetOutputFacetsBuilder()
                        .outputStatistics(lineage.newOutputStatisticsOutputDatasetFacet(rows, null, null))
                        .build());
            }
            outputs.add(output.build());
        }
        Path duckDb = layout.duckDbFile();
        outputs.add(lineage.newOutputDatasetBuilder()
                .namespace(FILE_NAMESPACE)
                .name(duckDb.toString())
                .facets(lineage.newDatasetFacetsBuilder()
                        .dataSource(lineage.newDatasourceDatasetFacet(FILE_NAMESPACE, duckDb.toUri()))
                        .build())
                .build());
        return outputs;
    }

    /** Where a published table's Parquet lives: lake/ for the star schema and etl_rejects, marts/ for the marts. */
    private Path directory(TableManifest table) {
        if (!table.isPublished()) {
            return null;
        }
        return switch (table.layer()) {
            case "star", "stage" -> layout.lakeTable(table.name());
            case "marts" -> layout.martTable(table.name());
            default -> null; // views over other tables, predictions and reports: inside the DuckDB file
        };
    }

    private record Dataset(String namespace, String name, URI uri) {}

    private static Dataset csvFile(JobParameters parameters, String source) {
        String inbox = parameters.getString(NightlyJobParameters.INBOX);
        if (inbox == null) {
            return null;
        }
        for (String name : List.of(source + ".csv", source + ".csv.gz")) {
            Path file = Path.of(inbox).resolve(name).toAbsolutePath().normalize();
            if (Files.isRegularFile(file)) {
                return new Dataset(FILE_NAMESPACE, file.toString(), file.toUri());
            }
        }
        return null;
    }

    /** jdbc:postgresql://host:port/database?... → postgres://host:port, database.schema.table. */
    private Dataset jdbcTable(JobParameters parameters, String source) {
        String url = parameters.getString(NightlyJobParameters.JDBC_URL);
        URI uri = URI.create((url == null ? defaultJdbcUrl : url).substring("jdbc:".length()));
        String database = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        String namespace = "postgres://" + uri.getHost() + ":" + (uri.getPort() < 0 ? 5432 : uri.getPort());
        return new Dataset(namespace, database + "." + jdbcSchema + "." + source, URI.create(namespace));
    }

    private OpenLineage.SchemaDatasetFacetFields field(String name, String type, String description) {
        return lineage.newSchemaDatasetFacetFields(name, type, description, null, null);
    }

    private static String description(ColumnContract column) {
        return column.required() ? "required" : null;
    }
}
