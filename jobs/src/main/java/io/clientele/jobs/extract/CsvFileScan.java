package io.clientele.jobs.extract;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.zip.GZIPInputStream;

/**
 * What the DuckDB CSV path ({@link DuckDbCsvLoad}) needs to know of a file's bytes that DuckDB
 * does not tell: its physical lines as {@link BufferedReader#readLine} counts them ({@code \n},
 * {@code \r\n} or a lone {@code \r}), and whether every quote is plain RFC 4180 quoting, which both readers read the same way
 * (DuckDB forgives blanks between a quote and its comma and takes a quote inside an unquoted
 * field as text; the Java reader refuses the first and joins lines on the second).
 */
final class CsvFileScan {

    /**
     * @param lines          physical lines, the header's included
     * @param embeddedBreaks line breaks inside quoted fields
     * @param plain whether both readers read it alike: every {@code "} is RFC 4180 quoting (it opens a
     *              field, closes one before a comma or a line break, or is doubled inside one), and no
     *              record starts with {@code #} (a comment line), no line ends with a backslash (a
     *              continued line), no quoted field holds a carriage return (Java joins lines with \n)
     */
    record Layout(long lines, long embeddedBreaks, boolean plain) {
    }

    private static final int FIELD_START = 0;
    private static final int UNQUOTED = 1;
    private static final int QUOTED = 2;
    private static final int QUOTE_IN_QUOTED = 3;

    private CsvFileScan() {
    }

    static Layout layout(Path file) throws IOException {
        long lines = 0;
        long embedded = 0;
        boolean afterTerminator = true; // nothing since the last line break
        boolean previousCr = false;
        boolean recordStart = true;
        int lastSignificant = -1; // the last byte above a blank (String.trim() removes the others)
        int state = FIELD_START;
        boolean plain = true;
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = open(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    int b = buffer[i] & 0xff;
                    boolean lineBreak = b == '\n' || b == '\r';
                    boolean quoted = state == QUOTED;
                    if (lineBreak) {
                        if (b == '\r' || !previousCr) {
                            lines++;
                            if (quoted) {
                                embedded++;
                            }
                        }
                        if (quoted && b == '\r') {
                            plain = false; // the Java reader joins a record's lines with \n
                        }
                        if (!quoted && lastSignificant == '\\') {
                            plain = false; // a continued line to FlatFileItemReader's record separator policy
                        }
                    } else if (recordStart && b == '#') {
                        plain = false; // a comment line to FlatFileItemReader, skipped
                    }
                    afterTerminator = lineBreak;
                    previousCr = b == '\r';
                    recordStart = lineBreak ? !quoted : false;
                    if (b > ' ') {
                        lastSignificant = b;
                    }
                    // RFC 4180 quoting: a quote opens a field, closes it before a comma or a line break, or is doubled
                    switch (state) {
                        case FIELD_START -> state = b == '"' ? QUOTED : b == ',' || lineBreak ? FIELD_START : UNQUOTED;
                        case UNQUOTED -> {
                            if (b == '"') {
                                plain = false;
                            } else if (b == ',' || lineBreak) {
                                state = FIELD_START;
                            }
                        }
                        case QUOTED -> state = b == '"' ? QUOTE_IN_QUOTED : QUOTED;
                        default -> { // QUOTE_IN_QUOTED
                            if (b == '"') {
                                state = QUOTED;
                            } else if (b == ',' || lineBreak) {
                                state = FIELD_START;
                            } else {
                                plain = false;
                                state = UNQUOTED;
                            }
                        }
                    }
                }
            }
        }
        if (state == QUOTED || lastSignificant == '\\') {
            plain = false; // unterminated, or continued past the end
        }
        return new Layout(afterTerminator ? lines : lines + 1, embedded, plain);
    }

    /**
     * The records that start on the given lines, as the Java reader gives them (their physical
     * lines joined by {@code \n}).
     *
     * @param wanted first line of a record (1 = header) to the number of physical lines it spans
     */
    static Map<Long, String> records(Path file, NavigableMap<Long, Integer> wanted) throws IOException {
        Map<Long, String> found = new HashMap<>();
        if (wanted.isEmpty()) {
            return found;
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(open(file), StandardCharsets.UTF_8),
                1 << 16)) {
            long line = 0;
            String text;
            long last = wanted.lastKey();
            while (line < last && (text = reader.readLine()) != null) {
                line++;
                Integer span = wanted.get(line);
                if (span != null) {
                    StringBuilder record = new StringBuilder(text);
                    for (int more = 1; more < span; more++) {
                        String next = reader.readLine();
                        record.append('\n').append(next == null ? "" : next);
                    }
                    line += span - 1;
                    found.put(line - span + 1, record.toString());
                }
            }
        }
        return found;
    }

    private static InputStream open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        return file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
    }
}
