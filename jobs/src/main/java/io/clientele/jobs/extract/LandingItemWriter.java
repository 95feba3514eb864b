package io.clientele.jobs.extract;

import io.clientele.jobs.config.WarehouseRunFactory;
import io.clientele.jobs.nightly.NightlyJobParameters;
import io.clientele.schemas.SourceContract;
import io.clientele.warehouse.stage.LandingParquetWriter;
import java.time.LocalDate;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.SkipListener;
import org.springframework.batch.core.StepExecution;
import org.springframework.batch.core.StepExecutionListener;
import org.springframework.batch.item.Chunk;
import org.springframework.batch.item.ExecutionContext;
import org.springframework.batch.item.ItemStreamWriter;
import org.springframework.batch.item.file.FlatFileParseException;

/**
 * Writes one source's valid rows into its landing area, and, as the step's skip listener,
 * every refused row with its reason: nothing read is lost, and read = landed + rejected.
 */
public final class LandingItemWriter
        implements ItemStreamWriter<LandingRow>, SkipListener<SourceRow, LandingRow>, StepExecutionListener {

    private final SourceContract contract;
    private final WarehouseRunFactory runs;
    private final java.util.function.Supplier<String> fileName;
    private LocalDate runDate;
    private LandingParquetWriter landing;

    /** @param fileName the name of the file being read, for rows refused before they could be parsed */
    public LandingItemWriter(SourceContract contract, WarehouseRunFactory runs,
                             java.util.function.Supplier<String> fileName) {
        this.contract = contract;
        this.runs = runs;
        this.fileName = fileName;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        runDate = LocalDate.parse(stepExecution.getJobParameters().getString(NightlyJobParameters.RUN_DATE));
    }

    @Override
    public void open(ExecutionContext executionContext) {
        landing = LandingParquetWriter.open(runs.layout(), runDate, contract);
    }

    @Override
    public void write(Chunk<? extends LandingRow> chunk) {
        for (LandingRow row : chunk) {
            landing.appendRow(row.file(), row.line(), row.values());
        }
    }

    @Override
    public void onSkipInProcess(SourceRow row, Throwable t) {
        if (t instanceof RejectedRowException rejected) {
            landing.appendReject(runDate.toString(), row.file(), row.line(), rejected.recordKey(), rejected.column(),
                    rejected.getMessage(), row.raw());
        } else {
            landing.appendReject(runDate.toString(), row.file(), row.line(), null, null, String.valueOf(t), row.raw());
        }
    }

    @Override
    public void onSkipInRead(Throwable t) {
        if (t instanceof FlatFileParseException parse) {
            String reason = parse.getCause() != null ? parse.getCause().getMessage() : parse.getMessage();
            landing.appendReject(runDate.toString(), fileName.get(), parse.getLineNumber(), null, null,
                    "unparsable record: " + reason, parse.getInput());
        } else {
            landing.appendReject(runDate.toString(), fileName.get(), -1, null, null, "unreadable record: " + t, null);
        }
    }

    @Override
    public void close() {
        if (landing != null) {
            landing.close();
            landing = null;
        }
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        close();
        return null;
    }
}
