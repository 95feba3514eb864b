package io.clientele.jobs.extract.mapping;

import java.util.List;
import java.util.Map;

/**
 * One named raw input of a mapping: a file (or a glob of files) in the inbox, CSV or fixed-width,
 * or a table or query of the operational database. Its values are text; the formats say how text
 * becomes the contract's decimals, dates and timestamps.
 *
 * @param file            file name or glob relative to the inbox (null for a database input)
 * @param format          {@code csv} or {@code fixed-width} for a file, {@code jdbc} for a table or query
 * @param names           csv without a header: the column names; else empty
 * @param widths          fixed-width: column name to its first and last character, 1-based inclusive
 * @param skip            lines skipped at the start of each file (before the header, if any)
 * @param decimal         the decimal separator of text landing in decimal columns, "." or ","
 * @param dateFormat      strptime pattern of text landing in date columns, or null (ISO dates)
 * @param timestampFormat strptime pattern of text landing in timestamp columns, or null (ISO)
 * @param timeZone        the zone of the input's local timestamps (converted to UTC), or null (UTC)
 */
public record MappingInput(
        String name,
        String file,
        String format,
        String delimiter,
        String quote,
        boolean header,
        List<String> names,
        Map<String, int[]> widths,
        int skip,
        String encoding,
        String decimal,
        String dateFormat,
        String timestampFormat,
        String timeZone,
        String table,
        String query) {

    public static final String CSV = "csv";
    public static final String FIXED_WIDTH = "fixed-width";
    public static final String JDBC = "jdbc";

    public boolean isFile() {
        return file != null;
    }

    /** The lines of a file before its first record: the skipped lines and the header. */
    public int linesBeforeRecords() {
        return skip + (CSV.equals(format) && header ? 1 : 0);
    }
}
