package io.clientele.jobs.extract;

import io.clientele.jobs.nightly.NightlyJobParameters;
import io.clientele.schemas.SourceContract;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.springframework.batch.core.StepExecution;
import org.springframework.batch.item.ExecutionContext;
import org.springframework.batch.item.ItemStreamException;
import org.springframework.batch.item.file.FlatFileItemReader;
import org.springframework.batch.item.file.NonTransientFlatFileException;
import org.springframework.batch.item.file.builder.FlatFileItemReaderBuilder;
import org.springframework.batch.item.file.separator.DefaultRecordSeparatorPolicy;
import org.springframework.core.io.FileSystemResource;

/**
 * Reads one source's CSV file ({@code <source>.csv} or {@code <source>.csv.gz} in the
 * inbox) with Spring Batch's {@link FlatFileItemReader}: RFC 4180 quoting, quoted line
 * breaks ({@link CsvRecordSplitter}), strict UTF-8. The header is checked against the contract when the file opens;
 * a missing required file, an empty file, an unreadable gzip or a wrong encoding stop the
 * step with one line naming the file.
 */
public final class ContractCsvReader implements SourceRowReader.Delegate {

    private final SourceContract contract;
    private Path file;
    private FlatFileItemReader<SourceRow> delegate;
    private SourceHeader header;

    public ContractCsvReader(SourceContract contract) {
        this.contract = contract;
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
            throw new ExtractFileException(csv.getFileName().toString(), "both " + csv.getFileName() + " and "
                    + gz.getFileName() + " are in " + inbox + "; keep one");
        }
        if (Files.exists(csv)) {
            return csv;
        }
        if (Files.exists(gz)) {
            return gz;
        }
        if (contract.requiredFile()) {
            throw new ExtractFileException(csv.getFileName().toString(), "missing from " + inbox
                    + ": every extract must contain " + contract.source() + ".csv (or .csv.gz)");
        }
        return null;
    }

    @Override
    public void open(ExecutionContext executionContext) throws ItemStreamException {
        if (file == null) {
            return;
        }
        String name = file.getFileName().toString();
        delegate = new FlatFileItemReaderBuilder<SourceRow>()
                .name("extract-" + contract.source())
                .resource(new FileSystemResource(file))
                .saveState(false)
                .linesToSkip(1)
                .skippedLinesCallback(line -> header = checkHeader(name, line))
                .recordSeparatorPolicy(new DefaultRecordSeparatorPolicy())
                .bufferedReaderFactory((resource, encoding) -> strictUtf8(resource.getFile().toPath()))
                .lineMapper((line, lineNumber) -> new SourceRow(name, lineNumber, CsvRecordSplitter.split(line), line))
                .build();
        try {
            delegate.open(executionContext);
        } catch (ItemStreamException e) {
            throw fileProblem(e);
        }
        if (header == null) {
            throw new ExtractFileException(name, "the file is empty: no header row");
        }
    }

    private SourceHeader checkHeader(String name, String line) {
        if (line == null || line.isBlank()) {
            throw new ExtractFileException(name, "the file is empty: no header row");
        }
        try {
            return SourceHeader.check(name, CsvRecordSplitter.split(line), contract);
        } catch (IllegalArgumentException e) {
            throw new ExtractFileException(name, "unreadable header row: " + e.getMessage());
        }
    }

    @Override
    public SourceRow read() throws Exception {
        if (delegate == null) {
            return null;
        }
        try {
            return delegate.read();
        } catch (NonTransientFlatFileException e) {
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

    private static BufferedReader strictUtf8(Path path) throws IOException {
        InputStream in = Files.newInputStream(path);
        if (path.getFileName().toString().endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        return new BufferedReader(new InputStreamReader(in, decoder), 1 << 16);
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
