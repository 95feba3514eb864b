package io.clientele.jobs.extract;

import io.clientele.jobs.batch.NightStep;
import io.clientele.jobs.batch.NightlyJobParameters;
import io.clientele.jobs.batch.StepCounts;
import io.clientele.jobs.config.WarehouseRunFactory;
import io.clientele.schemas.SourceContract;
import io.clientele.schemas.SourceContracts;
import io.clientele.warehouse.stage.LandingParquetWriter;
import io.clientele.warehouse.stage.LandingParquetWriter.LandingCounts;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.StepContribution;
import org.springframework.batch.core.StepExecution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.repeat.RepeatStatus;

/**
 * Closes the extract: writes each source's landing Parquet, checks that what was read
 * equals what landed plus what was refused, and fails the run when a source's refused share
 * is above the reject threshold, so nothing is built or published on garbage.
 */
final class LandingTasklet implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(LandingTasklet.class);

    private final WarehouseRunFactory runs;
    private final double rejectThreshold;

    LandingTasklet(WarehouseRunFactory runs, double rejectThreshold) {
        if (rejectThreshold < 0 || rejectThreshold > 1) {
            throw new IllegalArgumentException("reject-threshold must be between 0 and 1, got " + rejectThreshold);
        }
        this.runs = runs;
        this.rejectThreshold = rejectThreshold;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        StepExecution self = chunkContext.getStepContext().getStepExecution();
        log.info("step {} started", self.getStepName());
        LocalDate runDate = LocalDate.parse(self.getJobParameters().getString(NightlyJobParameters.RUN_DATE));
        Map<String, Long> landed = new LinkedHashMap<>();
        List<String> overThreshold = new ArrayList<>();
        for (SourceContract source : SourceContracts.all()) {
            LandingCounts counts = LandingParquetWriter.finish(runs.layout(), runDate, source);
            reconcile(source.source(), counts, self);
            long read = counts.rows() + counts.rejects();
            landed.put(source.source(), counts.rows());
            if (read > 0 && counts.rejects() > rejectThreshold * read) {
                overThreshold.add(String.format(
                        Locale.ROOT,
                        "%s: %d of %d rows rejected (%.1f%%)",
                        source.source(),
                        counts.rejects(),
                        read,
                        100.0 * counts.rejects() / read));
            }
        }
        contribution.incrementWriteCount(
                landed.values().stream().mapToLong(Long::longValue).sum());
        self.getExecutionContext().putString(StepCounts.CONTEXT_KEY, StepCounts.format(landed));
        if (!overThreshold.isEmpty()) {
            throw new IllegalStateException(String.join("; ", overThreshold) + " — above the reject threshold of "
                    + String.format(Locale.ROOT, "%.1f%%", 100 * rejectThreshold)
                    + "; nothing published; the refused rows"
                    + " and their reasons are in " + runs.layout().landing(runDate) + "/<source>/rejects.parquet");
        }
        return RepeatStatus.FINISHED;
    }

    /** The extract step's own counts against the landing files (skipped when it ran in an earlier attempt). */
    private static void reconcile(String source, LandingCounts counts, StepExecution self) {
        for (StepExecution step : self.getJobExecution().getStepExecutions()) {
            if (step.getStepName().equals(NightStep.extractStep(source))) {
                long read = ExtractProgressListener.read(step);
                long rejected = step.getReadSkipCount() + step.getProcessSkipCount();
                if (step.getWriteCount() != counts.rows()
                        || rejected != counts.rejects()
                        || read != counts.rows() + counts.rejects()) {
                    throw new IllegalStateException(source + ": counts do not reconcile: read " + read + ", written "
                            + step.getWriteCount() + ", skipped " + rejected + ", but the landing area holds "
                            + counts.rows() + " rows and " + counts.rejects() + " rejects");
                }
                log.info(
                        "extract {}: {} read = {} landed + {} rejected", source, read, counts.rows(), counts.rejects());
            }
        }
    }
}
