package io.clientele.jobs.nightly;

import io.clientele.jobs.batch.NightStep;
import io.clientele.jobs.batch.NightlyJobParameters;
import io.clientele.jobs.batch.NightlyJobs;
import io.clientele.jobs.batch.StepCounts;
import io.clientele.jobs.config.ClienteleProperties;
import io.clientele.jobs.config.WarehouseRunFactory;
import io.clientele.jobs.monitoring.NightMonitoring;
import io.clientele.warehouse.checks.DataQualityChecks;
import io.clientele.warehouse.pipeline.NightlyPipeline;
import io.clientele.warehouse.stage.StageCounts;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import org.springframework.batch.core.Job;
import org.springframework.batch.core.Step;
import org.springframework.batch.core.job.builder.FlowBuilder;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.flow.Flow;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.item.ExecutionContext;
import org.springframework.batch.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The nightly job: extract every source (CSV or JDBC) into validated landing Parquet, then the
 * warehouse steps of {@link NightStep} (stage, model — the star schema —, the predictive models,
 * marts, publish, check) through the Spring-free warehouse pipeline. One job
 * instance per run date (and attempt); a failed night restarts at the step that failed.
 */
@Configuration
public class NightlyJobConfiguration {

    public static final String JOB_NAME = NightlyJobs.JOB_NAME;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(NightlyJobConfiguration.class);

    @Bean
    public Job nightlyJob(
            JobRepository jobRepository,
            @Qualifier("extractFlow") Flow extractFlow,
            WarehouseSteps warehouseSteps,
            NightlyRunListener listener,
            NightMonitoring monitoring) {
        FlowBuilder<Flow> warehouse =
                new FlowBuilder<Flow>("warehouse").start(warehouseSteps.steps().get(0));
        warehouseSteps.steps().stream().skip(1).forEach(warehouse::next);
        return monitoring.instrument(new JobBuilder(JOB_NAME, jobRepository)
                .listener(listener)
                .start(extractFlow)
                .next(warehouse.build())
                .end()
                .build());
    }

    /**
     * The steps after extract-land, in the order {@link NightStep} gives. Both the whole night and
     * the one-step jobs ({@link StepJobsConfiguration}) are built from this list, and each step
     * needs the one before it: a new step is added to NightStep, in its place, and as a bean here.
     */
    @Bean
    public WarehouseSteps warehouseSteps(
            Step stageStep,
            Step modelStep,
            Step predictStep,
            Step predictChurnStep,
            Step martsStep,
            Step publishStep,
            Step checkStep) {
        Map<String, Step> byName = new java.util.HashMap<>();
        for (Step step :
                List.of(stageStep, modelStep, predictStep, predictChurnStep, martsStep, publishStep, checkStep)) {
            byName.put(step.getName(), step);
        }
        List<Step> ordered = NightStep.warehouseSteps().stream()
                .map(s -> {
                    Step step = byName.remove(s.stepName());
                    if (step == null) {
                        throw new IllegalStateException("no bean for the night's step " + s.stepName());
                    }
                    return step;
                })
                .toList();
        if (!byName.isEmpty()) {
            throw new IllegalStateException("steps missing from NightStep: " + byName.keySet());
        }
        return new WarehouseSteps(ordered);
    }

    /** The warehouse steps in order (a holder, so Spring does not gather every Step bean into it). */
    public record WarehouseSteps(List<Step> steps) {}

    @Bean
    public Step stageStep(JobRepository jobRepository, PlatformTransactionManager tx, WarehouseRunFactory runs) {
        return warehouseStep(NightStep.STAGE, jobRepository, tx, runs, (pipeline, context) -> {
            List<StageCounts> counts = pipeline.stage();
            // rows that lost their upsert to a later version: read = loaded + rejected + superseded
            context.putString(
                    StepCounts.SUPERSEDED_KEY,
                    StepCounts.format(counts.stream()
                            .collect(Collectors.toMap(
                                    StageCounts::source,
                                    StageCounts::superseded,
                                    (a, b) -> a,
                                    java.util.LinkedHashMap::new))));
            return counts.stream()
                    .collect(Collectors.toMap(
                            StageCounts::source, StageCounts::loaded, (a, b) -> a, java.util.LinkedHashMap::new));
        });
    }

    @Bean
    public Step modelStep(JobRepository jobRepository, PlatformTransactionManager tx, WarehouseRunFactory runs) {
        return warehouseStep(NightStep.MODEL, jobRepository, tx, runs, (pipeline, context) -> pipeline.model());
    }

    /** The churn propensity model (Spark MLlib): scores the customers active on D for mart_customer_value. */
    @Bean
    public Step predictChurnStep(JobRepository jobRepository, PlatformTransactionManager tx, WarehouseRunFactory runs) {
        return warehouseStep(
                NightStep.PREDICT_CHURN, jobRepository, tx, runs, (pipeline, context) -> pipeline.predictChurn());
    }

    @Bean
    public Step predictStep(JobRepository jobRepository, PlatformTransactionManager tx, WarehouseRunFactory runs) {
        return warehouseStep(NightStep.PREDICT, jobRepository, tx, runs, (pipeline, context) -> pipeline.predict());
    }

    @Bean
    public Step martsStep(JobRepository jobRepository, PlatformTransactionManager tx, WarehouseRunFactory runs) {
        return warehouseStep(NightStep.MARTS, jobRepository, tx, runs, (pipeline, context) -> pipeline.marts());
    }

    @Bean
    public Step publishStep(JobRepository jobRepository, PlatformTransactionManager tx, WarehouseRunFactory runs) {
        return warehouseStep(NightStep.PUBLISH, jobRepository, tx, runs, (pipeline, context) -> {
            var published = pipeline.publish();
            return Map.of("views", (long) published.views().size(), "tables", (long)
                    published.tables().size());
        });
    }

    /**
     * Data quality of the published night: fails the run, naming each failed check, when one
     * does not pass; the full report is Parquet under dq/ and the dq_report view.
     */
    @Bean
    public Step checkStep(
            JobRepository jobRepository,
            PlatformTransactionManager tx,
            WarehouseRunFactory runs,
            ClienteleProperties properties) {
        DataQualityChecks.Settings settings = new DataQualityChecks.Settings(
                properties.checks().maxRowCountChange(), properties.checks().minRows());
        return warehouseStep(NightStep.CHECK, jobRepository, tx, runs, (pipeline, context) -> {
            DataQualityChecks.Report report = pipeline.check(settings);
            if (!report.failed().isEmpty()) {
                throw new IllegalStateException(report.failureLine());
            }
            return Map.of("checks", (long) report.results().size());
        });
    }

    /**
     * A step that runs one stage of the warehouse pipeline and records, per table or
     * source, the rows it wrote: in the step's write count and, table by table, in its
     * execution context (shown by {@code clientele status}).
     */
    private static Step warehouseStep(
            NightStep step,
            JobRepository jobRepository,
            PlatformTransactionManager tx,
            WarehouseRunFactory runs,
            BiFunction<NightlyPipeline, ExecutionContext, Map<String, Long>> work) {
        String name = step.stepName();
        Tasklet tasklet = (contribution, chunkContext) -> {
            log.info("step {} started", name);
            Map<String, Object> parameters = chunkContext.getStepContext().getJobParameters();
            LocalDate runDate = LocalDate.parse(String.valueOf(parameters.get(NightlyJobParameters.RUN_DATE)));
            Object engine = parameters.get(NightlyJobParameters.ENGINE);
            NightlyPipeline pipeline = runs.pipeline(runDate, engine == null ? null : engine.toString());
            ExecutionContext context =
                    chunkContext.getStepContext().getStepExecution().getExecutionContext();
            Map<String, Long> rows = work.apply(pipeline, context);
            long total = rows.values().stream().mapToLong(Long::longValue).sum();
            contribution.incrementWriteCount(total);
            context.putString(StepCounts.CONTEXT_KEY, StepCounts.format(rows));
            return RepeatStatus.FINISHED;
        };
        return new StepBuilder(name, jobRepository).tasklet(tasklet, tx).build();
    }
}
