package io.clientele.jobs.extract;

import java.util.ArrayList;
import java.util.List;
import org.springframework.batch.core.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.item.Chunk;
import org.springframework.batch.item.file.FlatFileParseException;
import org.springframework.batch.repeat.RepeatStatus;

/**
 * The work of one {@code extract-<source>} step: read, validate against the contract, land;
 * a refused record goes to the rejects with its reason and the file goes on.
 *
 * <p>It does what the fault-tolerant chunk step did, item for item, without its per-item
 * machinery (a retry template, an item wrapper and a skip bookkeeping per row cost about as
 * much as validating the row). Each call handles up to {@code rowsPerCall} records and is
 * one transaction of the step, so the step's counts (read, written, read and process skips)
 * are saved as it goes and {@code clientele status} shows them as before: read skips are
 * records that could not be parsed, process skips records that break the contract.
 */
final class SourceExtractTasklet implements Tasklet {

    private static final int WRITE_BATCH = 1_000;

    private final SourceRowReader reader;
    private final SourceRowValidator validator;
    private final LandingItemWriter writer;
    private final int rowsPerCall;
    /** Null when CSV files are read by the Java reader only (clientele.extract.csv-reader=java). */
    private final DuckDbCsvLoad duckDb;
    /** Null when mapped rows all go through the Java validator (clientele.extract.csv-reader=java). */
    private final MappedRowsLoad mappedSql;
    /** The step execution whose rows DuckDB has been offered (once per execution). */
    private Long duckDbTriedFor;

    SourceExtractTasklet(
            SourceRowReader reader,
            SourceRowValidator validator,
            LandingItemWriter writer,
            int rowsPerCall,
            DuckDbCsvLoad duckDb,
            MappedRowsLoad mappedSql) {
        if (rowsPerCall < 1) {
            throw new IllegalArgumentException("clientele.extract.chunk-size must be at least 1, got " + rowsPerCall);
        }
        this.reader = reader;
        this.validator = validator;
        this.writer = writer;
        this.rowsPerCall = rowsPerCall;
        this.duckDb = duckDb;
        this.mappedSql = mappedSql;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        Long execution = chunkContext.getStepContext().getStepExecution().getId();
        if (!execution.equals(duckDbTriedFor)) {
            duckDbTriedFor = execution;
            // the reader has opened the file and checked its header; DuckDB reads the rest, or leaves it
            if (duckDb != null
                    && reader.csvFile() != null
                    && duckDb.load(reader.csvFile(), reader.header(), validator, writer, contribution)) {
                return RepeatStatus.FINISHED;
            }
            // the mapping's rows are in DuckDB: the sure ones are landed there, the reader reads the others
            if (mappedSql != null && reader.mappedRows() != null) {
                mappedSql.load(reader.mappedRows(), reader.header(), writer, contribution);
                return RepeatStatus.CONTINUABLE;
            }
        }
        List<LandingRow> valid = new ArrayList<>(WRITE_BATCH);
        for (int records = 0; records < rowsPerCall; records++) {
            SourceRow row;
            try {
                row = reader.read();
            } catch (FlatFileParseException unparsable) {
                writer.onSkipInRead(unparsable);
                contribution.incrementReadSkipCount();
                continue;
            }
            if (row == null) {
                write(valid, contribution);
                return RepeatStatus.FINISHED;
            }
            contribution.incrementReadCount();
            try {
                valid.add(validator.process(row));
            } catch (RejectedRowException refused) {
                writer.onSkipInProcess(row, refused);
                contribution.incrementProcessSkipCount();
            }
            if (valid.size() == WRITE_BATCH) {
                write(valid, contribution);
            }
        }
        write(valid, contribution);
        return RepeatStatus.CONTINUABLE;
    }

    private void write(List<LandingRow> valid, StepContribution contribution) {
        if (!valid.isEmpty()) {
            writer.write(new Chunk<>(valid));
            contribution.incrementWriteCount(valid.size());
            valid.clear();
        }
    }
}
