package io.clientele.jobs.extract;

import io.clientele.jobs.batch.NightlyJobParameters;
import io.clientele.jobs.extract.mapping.MappedRows;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.StepExecution;
import org.springframework.batch.core.StepExecutionListener;
import org.springframework.batch.item.ExecutionContext;
import org.springframework.batch.item.ItemStreamException;
import org.springframework.batch.item.ItemStreamReader;

/**
 * The reader of one {@code extract-<source>} step: chooses, when the step starts, where the
 * rows come from by the job parameter {@code source} (csv: the file in the inbox; jdbc: the
 * table in the operational database), or by the job parameter {@code mapping} when the night's
 * source mapping makes this source (its raw inputs, {@link MappedSourceReader}), and delegates to
 * that reader. All give the same {@link SourceRow}s and {@link SourceHeader}, so validation and
 * landing do not know the difference.
 */
public final class SourceRowReader implements ItemStreamReader<SourceRow>, StepExecutionListener {

    private final SourceCsvReader csv;
    private final SourceJdbcReader jdbc;
    private final MappedSourceReader mapped;
    private Delegate current;

    /** What the step needs from either reader. */
    interface Delegate extends ItemStreamReader<SourceRow>, StepExecutionListener {
        String fileName();

        SourceHeader header();
    }

    public SourceRowReader(SourceCsvReader csv, SourceJdbcReader jdbc, MappedSourceReader mapped) {
        this.csv = csv;
        this.jdbc = jdbc;
        this.mapped = mapped;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        String source = stepExecution.getJobParameters().getString(NightlyJobParameters.SOURCE);
        current = mapped.maps(stepExecution) ? mapped : "jdbc".equals(source) ? jdbc : csv;
        current.beforeStep(stepExecution);
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        return current == null ? null : current.afterStep(stepExecution);
    }

    @Override
    public void open(ExecutionContext executionContext) throws ItemStreamException {
        current.open(executionContext);
    }

    @Override
    public SourceRow read() throws Exception {
        return current.read();
    }

    @Override
    public void update(ExecutionContext executionContext) throws ItemStreamException {
        current.update(executionContext);
    }

    @Override
    public void close() throws ItemStreamException {
        if (current != null) {
            current.close();
        }
    }

    /** The file (or {@code jdbc:<table>}) being read, or null when the extract has none for this source. */
    public String fileName() {
        return current == null ? null : current.fileName();
    }

    /** The CSV file being read, or null when the rows come from the database or the extract has no such file. */
    public java.nio.file.Path csvFile() {
        return current == csv ? csv.file() : null;
    }

    /** The rows of the night's source mapping, or null when this source is not mapped. */
    MappedRows mappedRows() {
        return current == mapped ? mapped.rows() : null;
    }

    public SourceHeader header() {
        return current == null ? null : current.header();
    }
}
