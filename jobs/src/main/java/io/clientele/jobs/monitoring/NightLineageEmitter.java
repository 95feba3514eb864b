package io.clientele.jobs.monitoring;

import io.clientele.jobs.batch.NightlyJobParameters;
import io.clientele.warehouse.layout.WarehouseLayout;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClient;
import io.openlineage.client.utils.UUIDUtils;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.JobExecution;
import org.springframework.batch.core.JobExecutionListener;
import org.springframework.batch.core.explore.JobExplorer;

/**
 * OpenLineage run events of every job of a night (the whole night, or one step of it): START as it
 * begins, COMPLETE or FAIL (ABORT when stopped) as it ends, with the night's inputs and outputs
 * ({@link NightDatasets}). An event that cannot be sent is logged; it never fails the night.
 */
public final class NightLineageEmitter implements JobExecutionListener {

    /** Where the run's id is kept between its START and its end (the job execution's context). */
    static final String RUN_ID_KEY = "clientele.lineage.run-id";

    private static final Logger log = LoggerFactory.getLogger(NightLineageEmitter.class);

    private final OpenLineageClient client;
    private final OpenLineage lineage;
    private final String namespace;
    private final NightDatasets datasets;
    private final WarehouseLayout layout;
    private final JobExplorer explorer;

    /** @param client null: lineage is off */
    NightLineageEmitter(
            OpenLineageClient client,
            OpenLineage lineage,
            String namespace,
            NightDatasets datasets,
            WarehouseLayout layout,
            JobExplorer explorer) {
        this.client = client;
        this.lineage = lineage;
        this.namespace = namespace;
        this.datasets = datasets;
        this.layout = layout;
        this.explorer = explorer;
    }

    @Override
    public void beforeJob(JobExecution execution) {
        if (client == null) {
            return;
        }
        UUID runId = UUIDUtils.generateNewUUID();
        execution.getExecutionContext().putString(RUN_ID_KEY, runId.toString());
        emit(execution, runId, OpenLineage.RunEvent.EventType.START, Map.of(), Map.of());
    }

    @Override
    public void afterJob(JobExecution execution) {
        if (client == null || !execution.getExecutionContext().containsKey(RUN_ID_KEY)) {
            return;
        }
        UUID runId = UUID.fromString(execution.getExecutionContext().getString(RUN_ID_KEY));
        OpenLineage.RunEvent.EventType type = switch (execution.getStatus()) {
            case COMPLETED -> OpenLineage.RunEvent.EventType.COMPLETE;
            case STOPPED, ABANDONED -> OpenLineage.RunEvent.EventType.ABORT;
            default -> OpenLineage.RunEvent.EventType.FAIL;
        };
        Map<String, Long> read = new LinkedHashMap<>();
        Map<String, Long> rowCounts = Map.of();
        try {
            NightHistory night = NightHistory.of(explorer, execution);
            night.sources().stream().filter(s -> s.read() != null).forEach(s -> read.put(s.source(), s.read()));
            if (execution.getStatus() == BatchStatus.COMPLETED) {
                rowCounts = DataQualityFiles.read(layout, night.runDate()).rowCounts();
            }
        } catch (RuntimeException e) {
            log.warn(
                    "the lineage of {} goes without row counts: {}",
                    execution.getJobInstance().getJobName(),
                    e.getMessage());
        }
        emit(execution, runId, type, read, rowCounts);
    }

    private void emit(
            JobExecution execution,
            UUID runId,
            OpenLineage.RunEvent.EventType type,
            Map<String, Long> read,
            Map<String, Long> rowCounts) {
        String job = execution.getJobInstance().getJobName();
        try {
            LocalDate runDate = LocalDate.parse(execution.getJobParameters().getString(NightlyJobParameters.RUN_DATE));
            OpenLineage.RunFacetsBuilder runFacets = lineage.newRunFacetsBuilder()
                    .nominalTime(lineage.newNominalTimeRunFacet(
                            runDate.atStartOfDay(ZoneOffset.UTC),
                            runDate.plusDays(1).atStartOfDay(ZoneOffset.UTC)))
                    .processing_engine(lineage.newProcessingEngineRunFacet(version(), "clientele", version()));
            if (type == OpenLineage.RunEvent.EventType.FAIL) {
                runFacets.errorMessage(failure(execution));
            }
            OpenLineage.RunEvent event = lineage.newRunEventBuilder()
                    .eventType(type)
                    .eventTime(ZonedDateTime.now(ZoneOffset.UTC))
                    .run(lineage.newRun(runId, runFacets.build()))
                    .job(lineage.newJob(
                            namespace,
                            job,
                            lineage.newJobFacetsBuilder()
                                    .jobType(lineage.newJobTypeJobFacet("BATCH", "CLIENTELE", "JOB", null))
                                    .build()))
                    .inputs(datasets.inputs(job, execution.getJobParameters(), read))
                    .outputs(datasets.outputs(job, rowCounts))
                    .build();
            client.emit(event);
        } catch (RuntimeException e) {
            log.warn("the lineage event {} of {} was not sent: {}", type, job, e.getMessage());
        }
    }

    /** The first failure of the run: its message and stack trace. */
    private OpenLineage.ErrorMessageRunFacet failure(JobExecution execution) {
        List<Throwable> failures = execution.getAllFailureExceptions();
        if (failures.isEmpty()) {
            return lineage.newErrorMessageRunFacet(execution.getExitStatus().getExitDescription(), "Java", null);
        }
        Throwable first = failures.get(0);
        StringWriter trace = new StringWriter();
        first.printStackTrace(new PrintWriter(trace));
        return lineage.newErrorMessageRunFacet(
                first.getMessage() == null ? first.toString() : first.getMessage(), "Java", trace.toString());
    }

    private static String version() {
        String version = NightLineageEmitter.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }
}
