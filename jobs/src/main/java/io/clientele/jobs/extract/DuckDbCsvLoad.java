package io.clientele.jobs.extract;

import io.clientele.schemas.SourceContract;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.StepContribution;
import org.springframework.batch.item.Chunk;

/**
 * Reads a whole source CSV file with DuckDB's {@code read_csv} into the source's scratch
 * database and lands the rows the contract surely accepts in SQL ({@link SureRowsLanding}); the
 * other rows go through the Java validator and writer as on the Java path, so what is refused, and
 * why, is decided by {@link SourceRowValidator} alone.
 *
 * <p>Only a file both readers read the same way is loaded so: any DuckDB error (bad UTF-8,
 * unterminated quote), a physical line count that does not add up (a blank line), a record with
 * another number of fields than the header, a quote DuckDB reads more leniently (after blanks at a
 * field's start, or followed by blanks), a carriage return inside a value, or a record past the
 * record limits leave the file to the Java reader ({@link CsvRecordReader}), with its exact
 * messages. A {@code #} at a record's start, a backslash and a quote inside an unquoted field are
 * text to both readers and stay on this path.
 */
final class DuckDbCsvLoad {

    private static final Logger log = LoggerFactory.getLogger(DuckDbCsvLoad.class);
    private static final String RAW = "csv_raw";
    private static final String REST = "csv_rest";
    private static final int WRITE_BATCH = 1_000;

    private final SourceContract contract;
    private final CsvRecordReader.Limits limits;
    private final SureRowsLanding sureRows;

    DuckDbCsvLoad(SourceContract contract, CsvRecordReader.Limits limits) {
        this.contract = contract;
        this.limits = limits;
        this.sureRows = new SureRowsLanding(contract);
    }

    /**
     * Loads the file, counting records read, written and refused into {@code contribution}.
     *
     * @return false when the file is left to the Java reader (nothing is counted or landed then)
     */
    boolean load(
            Path file,
            SourceHeader header,
            SourceRowValidator validator,
            LandingItemWriter writer,
            StepContribution contribution)
            throws IOException, SQLException {
        long started = System.nanoTime();
        String name = file.getFileName().toString();
        CsvFileScan.Layout layout;
        try {
            layout = CsvFileScan.layout(file, limits);
        } catch (IOException e) {
            return fallBack(name, "it cannot be scanned (" + e + ")"); // the Java reader says why, as it always has
        }
        long scanned = System.nanoTime();
        if (!layout.plain()) {
            return fallBack(
                    name,
                    "a quote DuckDB reads otherwise (after or before blanks, or text after a closing"
                            + " quote), a carriage return in a quoted field, a record with another number of fields than the"
                            + " header or one past the record limits");
        }
        Connection connection = writer.landing().connection();
        int width = header.size();
        try (Statement s = connection.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + RAW);
            try (Statement read = connection.createStatement()) { // DuckDB closes a statement that failed
                read.execute("CREATE TEMP TABLE " + RAW + " AS SELECT * FROM read_csv("
                        + SourceRowSql.literal(file.toString())
                        + ", delim = ',', quote = '\"', escape = '\"', header = true, auto_detect = false,"
                        + " strict_mode = true, max_line_size = " + maxLineSize(layout) + ", columns = {"
                        + columnTypes(width)
                        + "})");
            } catch (SQLException e) {
                s.execute("DROP TABLE IF EXISTS " + RAW); // a failed CREATE TABLE AS leaves none, but be sure
                return fallBack(name, "DuckDB cannot read it the same way (" + firstLine(e.getMessage()) + ")");
            }
            long read = System.nanoTime();
            long records;
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + RAW)) {
                rs.next();
                records = rs.getLong(1);
            }
            long breaks = layout.embeddedBreaks();
            if (layout.lines() != 1 + records + breaks) {
                s.execute("DROP TABLE " + RAW);
                return fallBack(name, layout.lines() + " lines for " + records + " records (a blank line?)");
            }
            String numbered = breaks == 0
                    ? "SELECT rowid AS _k, 2 + rowid AS _line, 0 AS _breaks, * FROM " + RAW
                    // the Java reader numbers a record by its last line
                    : "SELECT rowid AS _k, 2 + rowid + sum(" + breaks(width)
                            + ") OVER (ORDER BY rowid ROWS UNBOUNDED PRECEDING)" + " AS _line, " + breaks(width)
                            + " AS _breaks, * FROM " + RAW;
            sureRows.land(
                    connection,
                    numbered,
                    header,
                    SourceRowSql.literal(name),
                    REST,
                    ", _line, _breaks, " + fieldList(width),
                    writer);
            long landedAt = System.nanoTime();
            List<SourceRow> rest = new ArrayList<>();
            List<Integer> spans = new ArrayList<>();
            try (ResultSet rs = s.executeQuery(
                    "SELECT _line, _breaks, " + fieldList(width) + " FROM " + REST + " ORDER BY _line")) {
                while (rs.next()) {
                    String[] fields = new String[width];
                    for (int i = 0; i < width; i++) {
                        String value = rs.getString(3 + i);
                        fields[i] = value == null ? "" : value;
                    }
                    rest.add(new SourceRow(name, rs.getLong(1), fields, null));
                    spans.add(1 + rs.getInt(2));
                }
            }
            s.execute("DROP TABLE " + REST);
            s.execute("DROP TABLE " + RAW);
            long validated = System.nanoTime();
            long refused = validate(file, rest, spans, validator, writer);
            for (long i = 0; i < records; i++) {
                contribution.incrementReadCount();
            }
            for (long i = 0; i < refused; i++) {
                contribution.incrementProcessSkipCount();
            }
            contribution.incrementWriteCount(records - refused);
            long done = System.nanoTime();
            log.info(
                    "extract {}: DuckDB read {} records of {}, {} of them checked by the Java validator ({} ms: scan {},"
                            + " read {}, land {}, sort out {}, Java {})",
                    contract.source(),
                    records,
                    name,
                    rest.size(),
                    ms(done - started),
                    ms(scanned - started),
                    ms(read - scanned),
                    ms(landedAt - read),
                    ms(validated - landedAt),
                    ms(done - validated));
            return true;
        }
    }

    /** The rows SQL was not sure of, through the Java validator and writer; returns how many were refused. */
    private long validate(
            Path file,
            List<SourceRow> rows,
            List<Integer> spans,
            SourceRowValidator validator,
            LandingItemWriter writer)
            throws IOException {
        List<LandingRow> valid = new ArrayList<>(WRITE_BATCH);
        List<SourceRow> refusedRows = new ArrayList<>();
        List<RejectedRowException> reasons = new ArrayList<>();
        List<Integer> refusedSpans = new ArrayList<>();
        TreeMap<Long, Integer> rawWanted = new TreeMap<>();
        for (int i = 0; i < rows.size(); i++) {
            SourceRow row = rows.get(i);
            try {
                valid.add(validator.process(row));
            } catch (RejectedRowException refused) {
                refusedRows.add(row);
                reasons.add(refused);
                refusedSpans.add(spans.get(i));
                rawWanted.put(firstLine(row, spans.get(i)), spans.get(i));
            }
            if (valid.size() == WRITE_BATCH) {
                writer.write(new Chunk<>(valid));
                valid.clear();
            }
        }
        if (!valid.isEmpty()) {
            writer.write(new Chunk<>(valid));
        }
        // a refused record is kept as it was in the file: read back only the lines needed
        Map<Long, String> raw = writer.keepsRawRecords() ? CsvFileScan.records(file, rawWanted) : Map.of();
        for (int i = 0; i < refusedRows.size(); i++) {
            SourceRow row = refusedRows.get(i);
            String record = raw.get(firstLine(row, refusedSpans.get(i)));
            writer.onSkipInProcess(new SourceRow(row.file(), row.line(), row.fields(), record), reasons.get(i));
        }
        return refusedRows.size();
    }

    /** The line a record starts on (its number is its last line's). */
    private static long firstLine(SourceRow row, int span) {
        return row.line() - span + 1;
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private boolean fallBack(String file, String reason) {
        log.info("extract {}: {} is read by the Java reader: {}", contract.source(), file, reason);
        return false;
    }

    /**
     * DuckDB's default (2MB) unless this file holds a longer record. Not the record limit itself:
     * DuckDB's read buffer is sixteen times this size, per thread, and a limit-sized buffer
     * would not fit the extract's memory on an ordinary file.
     */
    private static long maxLineSize(CsvFileScan.Layout layout) {
        return Math.max(2_097_152L, layout.longestRecord() + 65_536);
    }

    private static String columnTypes(int width) {
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < width; i++) {
            sql.append(i == 0 ? "" : ", ").append("'f").append(i).append("': 'VARCHAR'");
        }
        return sql.toString();
    }

    private static String fieldList(int width) {
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < width; i++) {
            sql.append(i == 0 ? "" : ", ").append('f').append(i);
        }
        return sql.toString();
    }

    /** Line breaks inside the quoted fields of a record (a record spans 1 + this many lines). */
    private static String breaks(int width) {
        StringBuilder sql = new StringBuilder("(");
        for (int i = 0; i < width; i++) {
            sql.append(i == 0 ? "" : " + ")
                    .append("coalesce(strlen(f")
                    .append(i)
                    .append(") - strlen(replace(f")
                    .append(i)
                    .append(", chr(10), '')), 0)");
        }
        return sql.append(')').toString();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
