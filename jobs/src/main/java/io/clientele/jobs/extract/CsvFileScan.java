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
 * {@code \r\n} or a lone {@code \r}), and whether every quote sits where the Java reader would
 * read it the same way as DuckDB (DuckDB forgives blanks between a quote and its comma; the Java
 * reader does not).
 */
final class CsvFileScan {

    /**
     * @param lines          physical lines, the header's included
     * @param quotesPlain    whether every {@code "} has a comma, a line break, another quote or the
     *                       file's edge on at least one side
     */
    record Layout(long lines, boolean quotesPlain) {
    }

    private CsvFileScan() {
    }

    static Layout layout(Path file) throws IOException {
        long lines = 0;
        boolean afterTerminator = true; // nothing since the last line break
        boolean previousCr = false;
        boolean previousPlain = true; // the byte before is a quote's acceptable neighbour (or none)
        boolean quoteNeedsNext = false;
        boolean quotesPlain = true;
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = open(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    byte b = buffer[i];
                    boolean plain = b == ',' || b == '\n' || b == '\r' || b == '"';
                    if (quoteNeedsNext && !plain) {
                        quotesPlain = false;
                    }
                    quoteNeedsNext = b == '"' && !previousPlain;
                    if (b == '\n') {
                        if (!previousCr) {
                            lines++;
                        }
                        afterTerminator = true;
                    } else if (b == '\r') {
                        lines++;
                        afterTerminator = true;
                    } else {
                        afterTerminator = false;
                    }
                    previousCr = b == '\r';
                    previousPlain = plain;
                }
            }
        }
        return new Layout(afterTerminator ? lines : lines + 1, quotesPlain);
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
