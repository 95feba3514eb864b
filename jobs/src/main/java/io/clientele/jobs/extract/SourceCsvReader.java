package io.clientele.jobs.extract;

import io.clientele.jobs.batch.NightlyJobParameters;
import io.clientele.schemas.SourceContract;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipException;
import org.springframework.batch.core.StepExecution;
import org.springframework.batch.item.ExecutionContext;
import org.springframework.batch.item.ItemStreamException;

/**
 * Reads one source's CSV file ({@code <source>.csv} or {@code <source>.csv.gz} in the
 * inbox) with {@link CsvRecordReader}: RFC 4180 framing only (no comment lines, no backslash
 * continuation, bounded quoted line breaks), strict UTF-8. The header is checked against the
 * contract when the file opens; a missing required file, an empty file, an unreadable gzip or a
 * wrong encoding stop the step with one line naming the file.
 */
public final class SourceCsvReader implements SourceRowReader.Delegate {

    private final SourceContract contract;
    private final CsvRecordReader.Limits limits;
    private Path file;
    private CsvRecordReader delegate;
    private SourceHeader header;

    public SourceCsvReader(SourceContract contract, CsvRecordReader.Limits limits) {
        this.contract = contract;
        this.limits = limits;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        String inbox = stepExecution.getJobParameters().getString(NightlyJobParameters.INBOX);
        if (inbox == null || inbox.isBlank()) {
            throw new ExtractFileException(contract.source(), "the run has no inbox directory (--inbox DIR)");
        }
        file = locate(Path.of(inbox));
        header = null;
        delegate = null;
    }

    /** The file of this source in the inbox, or null when the extract leaves it out. */
    private Path locate(Path inbox) {
        Path csv = inbox.resolve(contract.source() + ".csv");
        Path gz = inbox.resolve(contract.source() + ".csv.gz");
        if (Files.exists(csv) && Files.exists(gz)) {
            throw new ExtractFileException(
                    csv.getFileName().toString(),
                    "both " + csv.getFileName() + " and " + gz.getFileName() + " are in " + inbox + "; keep one");
        }
        if (Files.exists(csv)) {
            return csv;
        }
        if (Files.exists(gz)) {
            return gz;
        }
        if (contract.requiredFile()) {
            throw new ExtractFileException(
                    csv.getFileName().toString(),
                    "missing from " + inbox + ": every extract must contain " + contract.source()
                            + ".csv (or .csv.gz)");
        }
        return null;
    }

    @Override
    public void open(ExecutionContext executionContext) throws ItemStreamException {
        if (file == null) {
            return;
        }
        String name = file.getFileName().toString();
        delegate = new CsvRecordReader(file, limits);
        String[] names;
        try {
            delegate.open(executionContext);
            names = delegate.readHeader();
        } catch (IllegalArgumentException e) {
            throw new ExtractFileException(name, "unreadable header row: " + e.getMessage());
        } catch (IOException | ItemStreamException e) {
            throw fileProblem(e);
        }
        if (names == null || (names.length == 1 && names[0].isBlank())) {
            throw new ExtractFileException(
                    name, names == null ? "the file is empty: no header row" : "line 1 is blank: no header row");
        }
        try {
            header = SourceHeader.check(name, names, contract);
        } catch (IllegalArgumentException e) {
            throw new ExtractFileException(name, "unreadable header row: " + e.getMessage());
        }
        delegate.columns(names);
    }

    @Override
    public SourceRow read() throws Exception {
        if (delegate == null) {
            return null;
        }
        try {
            return delegate.read();
        } catch (IOException e) {
            throw fileProblem(e);
        }
    }

    /** The name of the file being read, or null when the extract has none for this source. */
    @Override
    public String fileName() {
        return file == null ? null : file.getFileName().toString();
    }

    /** The file being read, or null when the extract has none for this source. */
    Path file() {
        return file;
    }

    /** The checked header of the open file. */
    @Override
    public SourceHeader header() {
        return header;
    }

    @Override
    public void close() throws ItemStreamException {
        if (delegate != null) {
            delegate.close();
        }
    }

    private ExtractFileException fileProblem(Exception e) {
        String name = file.getFileName().toString();
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ExtractFileException problem) {
                return problem;
            }
            if (cause instanceof CharacterCodingException) {
                return new ExtractFileException(name, "not valid UTF-8 text", e);
            }
            if (cause instanceof ZipException || cause instanceof java.io.EOFException) {
                return new ExtractFileException(name, "unreadable gzip (" + cause.getMessage() + ")", e);
            }
        }
        return new ExtractFileException(name, "cannot be read: " + e.getMessage(), e);
    }
}
