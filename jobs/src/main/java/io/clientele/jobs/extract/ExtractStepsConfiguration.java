package io.clientele.jobs.extract;

import io.clientele.jobs.batch.NightStep;
import io.clientele.jobs.config.ClienteleProperties;
import io.clientele.jobs.config.WarehouseRunFactory;
import io.clientele.schemas.SourceContract;
import io.clientele.schemas.SourceContracts;
import java.util.ArrayList;
import java.util.List;
import org.springframework.batch.core.Step;
import org.springframework.batch.core.explore.JobExplorer;
import org.springframework.batch.core.job.builder.FlowBuilder;
import org.springframework.batch.core.job.flow.Flow;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Extraction, from a CSV extract or the operational database ({@link SourceRowReader}
 * chooses by the job parameter {@code source}): one step per source of the contract
 * ({@code extract-<source>}: read, validate against the contract, land as Parquet, refused
 * rows skipped into the rejects; see {@link SourceExtractTasklet}), in two parallel lanes
 * ({@code clientele.extract.parallel}), then {@code extract-land}, which writes the landing files,
 * reconciles the counts and enforces the reject threshold before anything is built on them.
 */
@Configuration
public class ExtractStepsConfiguration {

    /** The source with the most rows in any extract, read in a lane of its own. */
    private static final String LARGEST_SOURCE = "order_lines";

    /** One {@code extract-<source>} step per source of the contract, in contract order. */
    @Bean
    public ExtractSteps extractSteps(
            JobRepository jobRepository,
            PlatformTransactionManager tx,
            WarehouseRunFactory runs,
            ClienteleProperties properties,
            JobExplorer jobExplorer,
            Environment environment) {
        ClienteleProperties.Source source = properties.source();
        SourceJdbcReader.Settings database = new SourceJdbcReader.Settings(
                source.url(), source.user(), source.schema(), source.pageSize(), () -> sourcePassword(environment));
        ClienteleProperties.Extract extract = properties.extract();
        CsvRecordReader.Limits limits = new CsvRecordReader.Limits(
                extract.maxRecordLines(), extract.maxRecordBytes().toBytes());
        List<Step> steps = new ArrayList<>();
        for (SourceContract contract : SourceContracts.all()) {
            SourceRowReader reader = new SourceRowReader(
                    new SourceCsvReader(contract, limits),
                    new SourceJdbcReader(contract, database, jobExplorer),
                    new MappedSourceReader(contract, database));
            steps.add(extractStep(contract, reader, jobRepository, tx, runs, extract, limits));
        }
        return new ExtractSteps(List.copyOf(steps));
    }

    /**
     * The whole night's extract: every source, then extract-land. With {@code extract.parallel}
     * in two lanes, one per core: the order lines (about half the rows of any extract) beside
     * every other source, each lane a file-at-a-time CPU-bound reader.
     */
    @Bean
    public Flow extractFlow(ExtractSteps extractSteps, Step extractLandStep, ClienteleProperties properties) {
        List<Step> largest = new ArrayList<>();
        List<Step> others = new ArrayList<>();
        for (Step step : extractSteps.steps()) {
            boolean own =
                    properties.extract().parallel() && step.getName().equals(NightStep.extractStep(LARGEST_SOURCE));
            (own ? largest : others).add(step);
        }
        FlowBuilder<Flow> flow = new FlowBuilder<>("extractFlow");
        if (largest.isEmpty()) {
            flow.start(sequence("extract-sources", others));
        } else {
            SimpleAsyncTaskExecutor lanes = new SimpleAsyncTaskExecutor("extract-lane-");
            lanes.setConcurrencyLimit(2);
            flow.start(new FlowBuilder<Flow>("extract-sources")
                    .split(lanes)
                    .add(sequence("extract-lane-" + LARGEST_SOURCE, largest), sequence("extract-lane-others", others))
                    .build());
        }
        return flow.next(extractLandStep).build();
    }

    /** The extract steps (a holder, so Spring does not gather every Step bean into it). */
    public record ExtractSteps(List<Step> steps) {}

    private static Flow sequence(String name, List<Step> steps) {
        FlowBuilder<Flow> flow = new FlowBuilder<>(name);
        flow.start(steps.get(0));
        for (Step step : steps.subList(1, steps.size())) {
            flow.next(step);
        }
        return flow.build();
    }

    @Bean
    public Step extractLandStep(
            JobRepository jobRepository,
            PlatformTransactionManager tx,
            WarehouseRunFactory runs,
            ClienteleProperties properties) {
        return new StepBuilder(NightStep.EXTRACT_LAND.stepName(), jobRepository)
                .tasklet(new LandingTasklet(runs, properties.rejectThreshold()), tx)
                .build();
    }

    /**
     * The source database's password: the environment variable {@code CLIENTELE_SOURCE_PASSWORD}
     * (Spring's relaxed binding also accepts the property {@code clientele.source.password},
     * which tests set); never a setting in application.yml.
     */
    private static String sourcePassword(Environment environment) {
        String password = System.getenv("CLIENTELE_SOURCE_PASSWORD");
        return password != null ? password : environment.getProperty("clientele.source.password");
    }

    private static Step extractStep(
            SourceContract source,
            SourceRowReader reader,
            JobRepository jobRepository,
            PlatformTransactionManager tx,
            WarehouseRunFactory runs,
            ClienteleProperties.Extract settings,
            CsvRecordReader.Limits limits) {
        LandingItemWriter writer = new LandingItemWriter(source, runs, reader::fileName, reader::header);
        ExtractProgressListener progress = new ExtractProgressListener(source.source());
        SourceExtractTasklet work = new SourceExtractTasklet(
                reader,
                new SourceRowValidator(source, reader::header),
                writer,
                settings.chunkSize(),
                settings.duckDbCsvReader() ? new DuckDbCsvLoad(source, limits) : null,
                settings.duckDbCsvReader() ? new MappedRowsLoad(source) : null);
        return new StepBuilder(NightStep.extractStep(source.source()), jobRepository)
                .tasklet(work, tx).stream(reader).stream(writer)
                        .listener((org.springframework.batch.core.StepExecutionListener) reader)
                        .listener((org.springframework.batch.core.StepExecutionListener) writer)
                        .listener((org.springframework.batch.core.StepExecutionListener) progress)
                        .listener((org.springframework.batch.core.ChunkListener) progress)
                        .build();
    }
}
