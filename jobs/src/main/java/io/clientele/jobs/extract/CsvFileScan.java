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
 * does not tell: its physical lines as {@link CsvRecordReader} counts them ({@code \n},
 * {@code \r\n} or a lone {@code \r}), and whether both readers surely read it alike. Measured
 * on DuckDB 1.4 with the explicit dialect of {@link DuckDbCsvLoad}: a quote inside an unquoted
 * field is text to both, and so are a {@code #} at a record's start and a backslash; but DuckDB
 * takes a quote after a blank at a field's start as opening it (dropping the blank), forgives
 * blanks after a closing quote, keeps a quoted carriage return, and silently drops the empty
 * fields of a record with too many trailing commas.
 */
final class CsvFileScan {

    /**
     * @param lines          physical lines, the header's included
     * @param embeddedBreaks line breaks inside quoted fields
     * @param plain whether both readers read it alike: every {@code "} at a field's start opens
     *              it and closes it before a comma or a line break, no quote follows only blanks at a
     *              field's start, no quoted field holds a carriage return (Java joins lines with \n),
     *              every record has the header's number of fields, and none runs past the record
     *              limits (where the Java reader refuses it)
     * @param longestRecord bytes of the longest record, its line breaks inside quotes included
     */
    record Layout(long lines, long embeddedBreaks, boolean plain, long longestRecord) {}

    private static final int FIELD_START = 0;
    private static final int UNQUOTED = 1;
    private static final int QUOTED = 2;
    private static final int QUOTE_IN_QUOTED = 3;
    private static final int BLANKS = 4;

    private CsvFileScan() {}

    static Layout layout(Path file, CsvRecordReader.Limits limits) throws IOException {
        long lines = 0;
        long embedded = 0;
        boolean afterTerminator = true; // nothing since the last line break
        boolean previousCr = false;
        int state = FIELD_START;
        boolean plain = true;
        long headerFields = -1;
        long fields = 1; // of the record being read
        long recordLines = 1;
        long recordBytes = 0;
        long longest = 0;
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = open(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    int b = buffer[i] & 0xff;
                    boolean lineBreak = b == '\n' || b == '\r';
                    boolean secondHalf = b == '\n' && previousCr; // of a \r\n, one line break
                    afterTerminator = lineBreak;
                    previousCr = b == '\r';
                    if (lineBreak) {
                        if (secondHalf) {
                            continue;
                        }
                        lines++;
                        if (state == QUOTED) {
                            embedded++;
                            recordLines++;
                            recordBytes++;
                            if (b == '\r') {
                                plain = false; // the Java reader joins a record's lines with \n
                            }
                            continue;
                        }
                        // the end of a record
                        if (headerFields < 0) {
                            headerFields = fields;
                        } else if (fields != headerFields) {
                            plain = false;
                        }
                        if (recordLines > limits.maxLines() || recordBytes > limits.maxBytes()) {
                            plain = false;
                        }
                        longest = Math.max(longest, recordBytes);
                        fields = 1;
                        recordLines = 1;
                        recordBytes = 0;
                        state = FIELD_START;
                        continue;
                    }
                    recordBytes++;
                    switch (state) {
                        case FIELD_START -> {
                            if (b == '"') {
                                state = QUOTED;
                            } else if (b == ',') {
                                fields++;
                            } else {
                                state = b <= ' ' ? BLANKS : UNQUOTED;
                            }
                        }
                        case BLANKS -> {
                            if (b == '"') {
                                plain = false; // DuckDB may drop the blanks and open quoting
                                state = UNQUOTED;
                            } else if (b == ',') {
                                fields++;
                                state = FIELD_START;
                            } else if (b > ' ') {
                                state = UNQUOTED;
                            }
                        }
                        case UNQUOTED -> { // a quote here is text to both
                            if (b == ',') {
                                fields++;
                                state = FIELD_START;
                            }
                        }
                        case QUOTED -> state = b == '"' ? QUOTE_IN_QUOTED : QUOTED;
                        default -> { // QUOTE_IN_QUOTED
                            if (b == '"') {
                                state = QUOTED;
                            } else if (b == ',') {
                                fields++;
                                state = FIELD_START;
                            } else {
                                plain = false; // text after a closing quote: Java refuses it, DuckDB forgives blanks
                                state = UNQUOTED;
                            }
                        }
                    }
                }
            }
        }
        if (state == QUOTED) {
            plain = false; // unterminated
        } else if (!afterTerminator
                && (fields != headerFields && headerFields >= 0
                        || recordLines > limits.maxLines()
                        || recordBytes > limits.maxBytes())) {
            plain = false; // the last record, without a line break after it
        }
        longest = Math.max(longest, recordBytes);
        return new Layout(afterTerminator ? lines : lines + 1, embedded, plain, longest);
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
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(open(file), StandardCharsets.UTF_8), 1 << 16)) {
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
