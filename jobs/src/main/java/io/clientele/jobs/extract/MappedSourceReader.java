package io.clientele.jobs.extract;

import io.clientele.jobs.batch.NightlyJobParameters;
import io.clientele.jobs.extract.mapping.MappedRow;
import io.clientele.jobs.extract.mapping.MappedRows;
import io.clientele.jobs.extract.mapping.MappingFile;
import io.clientele.jobs.extract.mapping.RawDatabase;
import io.clientele.jobs.extract.mapping.SourceMapping;
import io.clientele.schemas.SourceContract;
import java.nio.file.Path;
import java.sql.DriverManager;
import org.springframework.batch.core.JobParameters;
import org.springframework.batch.core.StepExecution;
import org.springframework.batch.item.ExecutionContext;
import org.springframework.batch.item.ItemStreamException;

/**
 * Reads one source through the night's source mapping (job parameter {@code mapping},
 * docs/mappings.md): the raw inputs are evaluated in DuckDB ({@link MappedRows}) and each row comes
 * out as a {@link SourceRow} of contract text, with a header of the mapped contract columns, so it
 * is validated, refused, hashed and counted like a row of a CSV file. A row one of the mapping's
 * expressions fails on is refused with the mapping key and the reason ({@link MappedRowException}).
 * (The rows SQL is sure the contract accepts may be landed before, in DuckDB, by {@link
 * MappedRowsLoad}; the reader then reads the others.)
 */
public final class MappedSourceReader implements SourceRowReader.Delegate {

    private final SourceContract contract;
    private final SourceJdbcReader.Settings database;
    private SourceMapping mapping;
    private Path inbox;
    private String url;
    private String user;
    private MappedRows rows;
    private SourceHeader header;
    private String file;

    /** @param database where the inputs that are tables or queries are read, when the run's parameters do not say */
    public MappedSourceReader(SourceContract contract, SourceJdbcReader.Settings database) {
        this.contract = contract;
        this.database = database;
    }

    /** Whether the night has a mapping that makes this source; reads and checks the mapping file. */
    boolean maps(StepExecution stepExecution) {
        JobParameters parameters = stepExecution.getJobParameters();
        String path = parameters.getString(NightlyJobParameters.MAPPING);
        mapping = path == null ? null : MappingFile.read(Path.of(path));
        if (mapping == null || mapping.source(contract.source()).isEmpty()) {
            mapping = null;
            return false;
        }
        String inboxDir = parameters.getString(NightlyJobParameters.INBOX);
        inbox = inboxDir == null ? null : Path.of(inboxDir);
        url = orDefault(parameters.getString(NightlyJobParameters.JDBC_URL), database.url());
        user = orDefault(parameters.getString(NightlyJobParameters.JDBC_USER), database.user());
        return true;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        header = null;
        file = mapping.name() + ":sources." + contract.source();
    }

    @Override
    public void open(ExecutionContext executionContext) throws ItemStreamException {
        rows = MappedRows.open(mapping, contract.source(), inbox, database());
        header = SourceHeader.check(file, rows.columns().toArray(String[]::new), contract);
    }

    private RawDatabase database() {
        if (url == null || url.isBlank()) {
            return null;
        }
        return () -> {
            String password = database.password().get();
            return DriverManager.getConnection(url, user, password == null ? "" : password);
        };
    }

    @Override
    public SourceRow read() {
        MappedRow row = rows.next();
        if (row == null) {
            return null;
        }
        file = row.file();
        String raw = record(row.values());
        if (row.failure() != null) {
            MappedRow.Failure failure = row.failure();
            throw new MappedRowException(
                    failure.key() + ": " + failure.message(),
                    raw,
                    row.file(),
                    row.line(),
                    failure.column(),
                    recordKey(row.values()));
        }
        return new SourceRow(row.file(), row.line(), row.values(), raw);
    }

    /** The contract fields as one CSV record, as a refused row keeps them. */
    private static String record(String[] values) {
        StringBuilder record = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            String f = values[i] == null ? "" : values[i];
            boolean quote = f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0;
            record.append(i == 0 ? "" : ",").append(quote ? '"' + f.replace("\"", "\"\"") + '"' : f);
        }
        return record.toString();
    }

    private String recordKey(String[] values) {
        StringBuilder key = new StringBuilder();
        for (String column : contract.naturalKey()) {
            int position = header.position(column);
            key.append(key.length() == 0 ? "" : "|")
                    .append(position < 0 || values[position] == null ? "" : values[position]);
        }
        return key.toString();
    }

    /** The rows, in DuckDB, once opened; a DuckDB path may land some of them before they are read. */
    MappedRows rows() {
        return rows;
    }

    /** The raw file of the row read last (at first, the mapping and the source). */
    @Override
    public String fileName() {
        return file;
    }

    @Override
    public SourceHeader header() {
        return header;
    }

    @Override
    public void close() throws ItemStreamException {
        if (rows != null) {
            rows.close();
            rows = null;
        }
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
