package io.clientele.jobs.extract;

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
import org.springframework.batch.item.file.FlatFileParseException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Extraction, from a CSV extract or the operational database ({@link SourceRowReader}
 * chooses by the job parameter {@code source}): one chunk step per source of the contract
 * ({@code extract-<source>}: read, validate against the contract, land as Parquet, refused
 * rows skipped into the rejects), then {@code extract-land}, which writes the landing files,
 * reconciles the counts and enforces the reject threshold before anything is built on them.
 */
@Configuration
public class ExtractStepsConfiguration {

    /** One {@code extract-<source>} step per source of the contract, in contract order. */
    @Bean
    public ExtractSteps extractSteps(JobRepository jobRepository, PlatformTransactionManager tx,
                                     WarehouseRunFactory runs, ClienteleProperties properties,
                                     JobExplorer jobExplorer, Environment environment) {
        ClienteleProperties.Source source = properties.source();
        ContractJdbcReader.Settings database = new ContractJdbcReader.Settings(source.url(), source.user(),
                source.schema(), source.pageSize(), () -> sourcePassword(environment));
        List<Step> steps = new ArrayList<>();
        for (SourceContract contract : SourceContracts.all()) {
            SourceRowReader reader = new SourceRowReader(new ContractCsvReader(contract),
                    new ContractJdbcReader(contract, database, jobExplorer));
            steps.add(extractStep(contract, reader, jobRepository, tx, runs, properties.extract().chunkSize()));
        }
        return new ExtractSteps(List.copyOf(steps));
    }

    /** The whole night's extract: every source in turn, then extract-land. */
    @Bean
    public Flow extractFlow(ExtractSteps extractSteps, Step extractLandStep) {
        FlowBuilder<Flow> flow = new FlowBuilder<Flow>("extractFlow").start(extractSteps.steps().get(0));
        extractSteps.steps().stream().skip(1).forEach(flow::next);
        return flow.next(extractLandStep).build();
    }

    /** The extract steps (a holder, so Spring does not gather every Step bean into it). */
    public record ExtractSteps(List<Step> steps) {
    }

    @Bean
    public Step extractLandStep(JobRepository jobRepository, PlatformTransactionManager tx, WarehouseRunFactory runs,
                                ClienteleProperties properties) {
        return new StepBuilder("extract-land", jobRepository)
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

    private static Step extractStep(SourceContract source, SourceRowReader reader, JobRepository jobRepository,
                                    PlatformTransactionManager tx, WarehouseRunFactory runs, int chunkSize) {
        LandingItemWriter writer = new LandingItemWriter(source, runs, reader::fileName, reader::header);
        ExtractProgressListener progress = new ExtractProgressListener(source.source());
        return new StepBuilder("extract-" + source.source(), jobRepository)
                .<SourceRow, LandingRow>chunk(chunkSize, tx)
                .reader(reader)
                .processor(new ContractRowValidator(source, reader::header))
                .writer(writer)
                .faultTolerant()
                // A refused row is kept in the rejects and the file goes on; the share refused
                // is judged once the whole file is read (extract-land), not row by row.
                .skip(RejectedRowException.class)
                .skip(FlatFileParseException.class)
                .skipLimit(Integer.MAX_VALUE)
                .noRollback(RejectedRowException.class)
                .listener((org.springframework.batch.core.StepExecutionListener) reader)
                .listener((org.springframework.batch.core.StepExecutionListener) writer)
                .listener((org.springframework.batch.core.SkipListener<SourceRow, LandingRow>) writer)
                .listener((org.springframework.batch.core.StepExecutionListener) progress)
                .listener((org.springframework.batch.core.ChunkListener) progress)
                .build();
    }
}
