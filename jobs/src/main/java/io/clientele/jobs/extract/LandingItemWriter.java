package io.clientele.jobs.extract;

import io.clientele.jobs.batch.NightlyJobParameters;
import io.clientele.jobs.config.WarehouseRunFactory;
import io.clientele.schemas.SourceContract;
import io.clientele.warehouse.erasure.ErasureLog;
import io.clientele.warehouse.stage.LandingParquetWriter;
import io.clientele.warehouse.stage.PersonalDataHasher;
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
    private final java.util.function.Supplier<SourceHeader> header;
    private final boolean personal;
    private LocalDate runDate;
    private LandingParquetWriter landing;
    private PersonalDataHasher hasher;
    private String piiSalt;
    /** Customers erased by `clientele forget`: their personal fields are dropped as they are read. */
    private java.util.Set<String> erased = new java.util.HashSet<>();

    private final int customerIdPosition;

    /**
     * @param fileName the name of the file being read, for rows refused before they could be parsed
     * @param header   the header of the file being read, to find the personal fields of a refused row
     */
    public LandingItemWriter(
            SourceContract contract,
            WarehouseRunFactory runs,
            java.util.function.Supplier<String> fileName,
            java.util.function.Supplier<SourceHeader> header) {
        this.contract = contract;
        this.runs = runs;
        this.fileName = fileName;
        this.header = header;
        this.personal = PersonalDataHasher.hasHashedColumns(contract);
        this.customerIdPosition = contract.columns().stream().anyMatch(c -> c.personal())
                ? contract.columnNames().indexOf("customer_id")
                : -1;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        runDate = LocalDate.parse(stepExecution.getJobParameters().getString(NightlyJobParameters.RUN_DATE));
        piiSalt = runs.piiSalt();
        hasher = new PersonalDataHasher(piiSalt);
        erased = customerIdPosition >= 0 ? new ErasureLog(runs.layout()).customerIds() : new java.util.HashSet<>();
    }

    @Override
    public void open(ExecutionContext executionContext) {
        landing = LandingParquetWriter.open(runs.layout(), runDate, contract);
    }

    @Override
    public void write(Chunk<? extends LandingRow> chunk) {
        for (LandingRow row : chunk) {
            // email and phone are hashed before they reach any file under the warehouse directory
            String[] values = personal ? hasher.hashColumns(contract, row.values()) : row.values();
            if (!erased.isEmpty() && erased.contains(values[customerIdPosition])) {
                for (int i = 0; i < values.length; i++) {
                    if (contract.columns().get(i).personal()) {
                        values[i] = null;
                    }
                }
            }
            landing.appendRow(row.file(), row.line(), values);
        }
    }

    @Override
    public void onSkipInProcess(SourceRow row, Throwable t) {
        if (t instanceof RejectedRowException rejected) {
            landing.appendReject(
                    runDate.toString(),
                    row.file(),
                    row.line(),
                    rejected.recordKey(),
                    rejected.column(),
                    rejected.getMessage(),
                    erased.contains(rejected.recordKey()) ? null : safe(row));
        } else {
            landing.appendReject(runDate.toString(), row.file(), row.line(), null, null, String.valueOf(t), safe(row));
        }
    }

    @Override
    public void onSkipInRead(Throwable t) {
        if (t instanceof MappedRowException mapped) {
            landing.appendReject(
                    runDate.toString(),
                    mapped.file(),
                    mapped.getLineNumber(),
                    mapped.recordKey(),
                    mapped.column(),
                    mapped.getMessage(),
                    safe(mapped.getInput()));
            return;
        }
        if (t instanceof FlatFileParseException parse) {
            String reason = parse.getCause() != null ? parse.getCause().getMessage() : parse.getMessage();
            String column = parse instanceof CsvRecordException framing ? framing.column() : null;
            landing.appendReject(
                    runDate.toString(),
                    fileName.get(),
                    parse.getLineNumber(),
                    null,
                    column,
                    "unparsable record: " + reason,
                    safe(parse.getInput()));
        } else {
            landing.appendReject(runDate.toString(), fileName.get(), -1, null, null, "unreadable record: " + t, null);
        }
    }

    /**
     * A refused record as kept, for sources with personal data: its email and phone fields
     * hashed, or, when its fields do not line up with the header, anything that looks like
     * an email or a phone number.
     */
    private String safe(SourceRow row) {
        if (!personal) {
            return row.raw();
        }
        SourceHeader header = this.header.get();
        if (header == null || row.fields() == null || row.fields().length != header.size()) {
            return hasher.maskRecord(row.raw());
        }
        String[] fields = row.fields().clone();
        for (var column : contract.columns()) {
            int position = header.position(column.name());
            if (column.hashed() && position >= 0 && fields[position] != null && !fields[position].isBlank()) {
                fields[position] = hasher.hash(fields[position]);
            }
        }
        StringBuilder record = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                record.append(',');
            }
            String f = fields[i] == null ? "" : fields[i];
            boolean quote = f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0;
            record.append(quote ? '"' + f.replace("\"", "\"\"") + '"' : f);
        }
        return record.toString();
    }

    private String safe(String raw) {
        return personal ? hasher.maskRecord(raw) : raw;
    }

    /** The open landing area, for {@link SureRowsLanding}, which fills it with SQL. */
    LandingParquetWriter landing() {
        return landing;
    }

    String piiSalt() {
        return piiSalt;
    }

    /** Customers whose personal fields are dropped as they are landed. */
    java.util.Set<String> erasedCustomers() {
        return customerIdPosition >= 0 ? erased : java.util.Set.of();
    }

    /** Whether a refused record is kept as it was read (no personal data to hash in it). */
    boolean keepsRawRecords() {
        return !personal;
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
