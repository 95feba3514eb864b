package io.clientele.jobs.extract;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.springframework.batch.item.ExecutionContext;
import org.springframework.batch.item.ItemStreamException;
import org.springframework.batch.item.ItemStreamReader;

/**
 * Frames a CSV file (strict UTF-8, gzipped when it ends in {@code .gz}) into records by RFC 4180
 * and nothing else: physical lines end with {@code \n}, {@code \r\n} or a lone {@code \r}; a
 * {@code "} opens quoting only as a field's first character (elsewhere it is text); a quoted
 * field may span lines, which are joined with {@code \n}; no line is a comment and a backslash
 * is an ordinary character. Every physical line belongs to exactly one record handed out or
 * refused, so nothing is skipped: a blank line is a record of one empty field.
 *
 * <p>A quote that does not close within {@link Limits#maxLines()} lines or
 * {@link Limits#maxBytes()} bytes, or before the end of the file, or that closes into a
 * malformed record or one with the wrong number of fields, is taken as never closed: its
 * opening line alone is refused (naming the line and the column it opened in) and reading goes
 * on with the next line, which the reader keeps back for that. A record is numbered by its last
 * line.
 */
final class CsvRecordReader implements ItemStreamReader<SourceRow> {

    /**
     * @param maxLines physical lines one record may span
     * @param maxBytes UTF-8 bytes one record may hold (its quoted line breaks counted as one byte each)
     */
    record Limits(int maxLines, long maxBytes) {}

    /** A line as read: its number, its text (cut at maxBytes when longer), its UTF-8 bytes when known (else -1). */
    private record Line(long number, String text, long bytes, boolean cut) {}

    /** A framed record, or why it could not be framed ({@code fields} null then). */
    private record Framed(long line, String raw, String[] fields, String problem, int field) {}

    private static final int FIELD_START = 0;
    private static final int UNQUOTED = 1;
    private static final int QUOTED = 2;
    private static final int QUOTE_IN_QUOTED = 3;
    private static final int KEPT_OF_LONG_RECORD = 1000;

    private final Path file;
    private final String name;
    private final Limits limits;
    private Reader in;
    private final char[] buffer = new char[1 << 16];
    private int position;
    private int end;
    private boolean skipLineFeed;
    private long lines;
    private final ArrayDeque<Line> keptBack = new ArrayDeque<>();
    private final StringBuilder text = new StringBuilder(256);
    private String[] columns;

    CsvRecordReader(Path file, Limits limits) {
        this.file = file;
        this.name = file.getFileName().toString();
        this.limits = limits;
    }

    @Override
    public void open(ExecutionContext executionContext) throws ItemStreamException {
        try {
            InputStream bytes = Files.newInputStream(file);
            if (name.endsWith(".gz")) {
                bytes = new GZIPInputStream(bytes, 1 << 16);
            }
            var decoder = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            in = new InputStreamReader(bytes, decoder);
        } catch (IOException e) {
            throw new ItemStreamException("cannot open " + file, e);
        }
    }

    /**
     * The header's fields, or null when the file has no line at all.
     *
     * @throws IllegalArgumentException when the header is not a well-formed record
     */
    String[] readHeader() throws IOException {
        Framed header = frame();
        if (header == null) {
            return null;
        }
        if (header.fields() == null) {
            throw new IllegalArgumentException(header.problem());
        }
        return header.fields();
    }

    /** The header's column names, to name the column a refused record went wrong in. */
    void columns(String[] names) {
        this.columns = names.clone();
    }

    /**
     * The next record, or null at the end of the file.
     *
     * @throws CsvRecordException for a record that cannot be framed (the reading goes on after it)
     * @throws IOException        when the file cannot be read on (bad UTF-8, a broken gzip)
     */
    @Override
    public SourceRow read() throws IOException {
        Framed record = frame();
        if (record == null) {
            return null;
        }
        if (record.fields() == null) {
            throw new CsvRecordException(record.problem(), record.raw(), record.line(), column(record.field()));
        }
        return new SourceRow(name, record.line(), record.fields(), record.raw());
    }

    @Override
    public void close() throws ItemStreamException {
        if (in != null) {
            try {
                in.close();
            } catch (IOException e) {
                throw new ItemStreamException("cannot close " + file, e);
            } finally {
                in = null;
            }
        }
    }

    private Framed frame() throws IOException {
        Line first = nextLine();
        if (first == null) {
            return null;
        }
        if (first.cut()) {
            QuoteScan scan = new QuoteScan();
            scan.feed(first.text());
            return new Framed(
                    first.number(),
                    first.text().substring(0, Math.min(first.text().length(), KEPT_OF_LONG_RECORD)) + "…",
                    null,
                    "record longer than " + limits.maxBytes() + " bytes (clientele.extract.max-record-bytes); it"
                            + " passes the limit in " + describe(scan.field),
                    scan.field);
        }
        if (first.text().indexOf('"') < 0) {
            return split(first.number(), first.text());
        }
        QuoteScan scan = new QuoteScan();
        scan.feed(first.text());
        if (!scan.inQuotes()) {
            return split(first.number(), first.text());
        }
        // a quoted field goes on past the line break: take lines until it closes, within the bounds
        List<Line> taken = new ArrayList<>();
        StringBuilder record = new StringBuilder(first.text());
        long bytes = bytes(first);
        String unclosed;
        while (true) {
            if (1 + taken.size() >= limits.maxLines()) {
                unclosed = "is not closed within " + limits.maxLines() + " lines (clientele.extract.max-record-lines)";
                break;
            }
            Line next = nextLine();
            if (next == null) {
                unclosed = "is not closed before the end of the file";
                break;
            }
            taken.add(next);
            if (next.cut() || bytes + 1 + bytes(next) > limits.maxBytes()) {
                unclosed = "is not closed within " + limits.maxBytes() + " bytes (clientele.extract.max-record-bytes)";
                break;
            }
            record.append('\n').append(next.text());
            bytes += 1 + bytes(next);
            scan.step('\n');
            scan.feed(next.text());
            if (!scan.inQuotes()) {
                Framed framed = split(next.number(), record.toString());
                if (framed.fields() == null) {
                    unclosed =
                            "closes on line " + next.number() + " into a malformed record (" + framed.problem() + ")";
                } else if (columns != null && framed.fields().length != columns.length) {
                    unclosed = "closes on line " + next.number() + " into a record of " + framed.fields().length
                            + " fields, not " + columns.length;
                } else {
                    return framed;
                }
                break;
            }
        }
        // the quote is taken as never closed: the opening line alone is refused, the lines after it read again
        for (int i = taken.size() - 1; i >= 0; i--) {
            keptBack.addFirst(taken.get(i));
        }
        return new Framed(
                first.number(),
                first.text(),
                null,
                "unterminated quote: the quoted field opened on line "
                        + first.number() + " in " + describe(scan.opened) + " " + unclosed + "; only line "
                        + first.number()
                        + " is refused",
                scan.opened);
    }

    private Framed split(long line, String record) {
        try {
            return new Framed(line, record, CsvRecordSplitter.split(record), null, -1);
        } catch (CsvRecordSplitter.MalformedRecordException e) {
            return new Framed(line, record, null, e.getMessage() + " (" + describe(e.field()) + ")", e.field());
        }
    }

    private String column(int field) {
        return columns != null && field >= 0 && field < columns.length ? columns[field].strip() : null;
    }

    private String describe(int field) {
        String column = column(field);
        return column != null ? "column '" + column + "'" : "field " + (field + 1);
    }

    private Line nextLine() throws IOException {
        return keptBack.isEmpty() ? readLine() : keptBack.pollFirst();
    }

    /** The next physical line, as {@link java.io.BufferedReader#readLine} would give it, or null at the end. */
    private Line readLine() throws IOException {
        if (skipLineFeed) {
            if (position >= end && !fill()) {
                return null;
            }
            skipLineFeed = false;
            if (buffer[position] == '\n') {
                position++;
            }
        }
        if (position >= end && !fill()) {
            return null;
        }
        long max = limits.maxBytes();
        String line = null;
        boolean cut = false;
        long bytes = 0; // of text's first `counted` chars
        int counted = 0;
        text.setLength(0);
        while (true) {
            int start = position;
            int i = position;
            char c = 0;
            while (i < end && (c = buffer[i]) != '\n' && c != '\r') {
                i++;
            }
            boolean ended = i < end;
            if (!cut) {
                if (ended && text.length() == 0 && (i - start) * 3L <= max) {
                    // the usual case: the line is in the buffer and surely short enough (at most 3 bytes a char)
                    line = new String(buffer, start, i - start);
                } else {
                    text.append(buffer, start, i - start);
                    // only a line that may be too long is measured
                    if (text.length() * 3L > max) {
                        for (; counted < text.length() && !cut; counted++) {
                            bytes += utf8Bytes(text.charAt(counted));
                            if (bytes > max) {
                                text.setLength(counted);
                                cut = true;
                            }
                        }
                    }
                }
            }
            if (ended) {
                position = i + 1;
                skipLineFeed = c == '\r';
                break;
            }
            position = end;
            if (!fill()) {
                break;
            }
        }
        if (line == null) {
            line = text.toString();
        }
        lines++;
        return new Line(lines, line, cut ? max + 1 : -1, cut);
    }

    private static int utf8Bytes(char c) {
        return c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
    }

    /** A line's length in UTF-8 bytes. */
    private static long bytes(Line line) {
        if (line.bytes() >= 0) {
            return line.bytes();
        }
        long bytes = 0;
        String text = line.text();
        for (int i = 0; i < text.length(); i++) {
            bytes += utf8Bytes(text.charAt(i));
        }
        return bytes;
    }

    private boolean fill() throws IOException {
        int n;
        do {
            n = in.read(buffer, 0, buffer.length);
        } while (n == 0);
        position = 0;
        end = Math.max(n, 0);
        return n > 0;
    }

    /** Where RFC 4180 quoting stands after the characters fed so far. */
    private static final class QuoteScan {
        int state = FIELD_START;
        int field;
        int opened = -1;

        void feed(String line) {
            for (int i = 0; i < line.length(); i++) {
                step(line.charAt(i));
            }
        }

        void step(char c) {
            switch (state) {
                case FIELD_START -> {
                    if (c == '"') {
                        state = QUOTED;
                        opened = field;
                    } else if (c == ',') {
                        field++;
                    } else {
                        state = UNQUOTED;
                    }
                }
                case UNQUOTED -> {
                    if (c == ',') {
                        field++;
                        state = FIELD_START;
                    }
                }
                case QUOTED -> {
                    if (c == '"') {
                        state = QUOTE_IN_QUOTED;
                    }
                }
                default -> { // a quote in a quoted field: doubled, or the field's end
                    if (c == '"') {
                        state = QUOTED;
                    } else if (c == ',') {
                        field++;
                        state = FIELD_START;
                    } else {
                        state = UNQUOTED; // text after the closing quote: the splitter says so
                    }
                }
            }
        }

        boolean inQuotes() {
            return state == QUOTED;
        }
    }
}
