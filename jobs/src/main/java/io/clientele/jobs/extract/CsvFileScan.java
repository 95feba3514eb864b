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
     * @param plain whether the file starts with its header (not a {@code #} comment line) and every
     *              {@code "} is RFC 4180 quoting: it opens a field, closes one before a comma or a line
     *              break, or is doubled inside one
     */
    record Layout(long lines, boolean plain) {
    }

    private static final int FIELD_START = 0;
    private static final int UNQUOTED = 1;
    private static final int QUOTED = 2;
    private static final int QUOTE_IN_QUOTED = 3;

    private CsvFileScan() {
    }

    static Layout layout(Path file) throws IOException {
        long lines = 0;
        boolean afterTerminator = true; // nothing since the last line break
        boolean previousCr = false;
        int state = FIELD_START;
        boolean plain = true;
        byte[] buffer = new byte[1 << 20];
        boolean first = true;
        try (InputStream in = open(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (first && buffer[0] == '#') {
                    // FlatFileItemReader skips comment lines before the header too: DuckDB would take it as the header
                    plain = false;
                }
                first = false;
                for (int i = 0; i < n; i++) {
                    byte b = buffer[i];
                    boolean lineBreak = b == '\n' || b == '\r';
                    if (b == '\n') {
                        if (!previousCr) {
                            lines++;
                        }
                    } else if (b == '\r') {
                        lines++;
                    }
                    afterTerminator = lineBreak;
                    previousCr = b == '\r';
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
        if (state == QUOTED) {
            plain = false; // unterminated
        }
        return new Layout(afterTerminator ? lines : lines + 1, plain);
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
