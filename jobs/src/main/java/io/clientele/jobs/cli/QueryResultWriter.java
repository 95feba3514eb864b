package io.clientele.jobs.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.CharBuffer;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a query result as an aligned table (its first rows), RFC 4180 CSV, or one JSON object
 * a line in an array. CSV and JSON go row by row from the result set, so a result of any size
 * passes through a small heap.
 */
final class QueryResultWriter {

    static final int DEFAULT_TABLE_ROWS = 1000;

    private static final String NL = System.lineSeparator();

    private final ResultSet rs;
    private final int tableRows;
    private final List<String> columns;

    QueryResultWriter(ResultSet rs, int tableRows) throws SQLException {
        this.rs = rs;
        this.tableRows = tableRows;
        ResultSetMetaData md = rs.getMetaData();
        List<String> names = new ArrayList<>(md.getColumnCount());
        for (int i = 1; i <= md.getColumnCount(); i++) {
            names.add(md.getColumnLabel(i));
        }
        this.columns = List.copyOf(names);
    }

    void write(String format, PrintStream out) throws SQLException, IOException {
        switch (format) {
            case "csv" -> {
                try (Writer w = writer(out)) {
                    csv(w);
                }
            }
            case "json" -> {
                try (Writer w = writer(out)) {
                    json(w);
                }
            }
            default -> table(out);
        }
    }

    private void table(PrintStream out) throws SQLException {
        // The widths need every shown row first, so the table holds at most tableRows of them.
        List<List<String>> text = new ArrayList<>();
        boolean more = false;
        while (rs.next()) {
            if (text.size() == tableRows) {
                more = true;
                break;
            }
            List<String> row = new ArrayList<>(columns.size());
            for (int i = 1; i <= columns.size(); i++) {
                Object v = rs.getObject(i);
                row.add(v == null ? "NULL" : QueryCommand.text(v));
            }
            text.add(row);
        }
        new TablePrinter(columns).print(text, out, "");
        if (more) {
            out.println("... first " + tableRows + " rows shown; use --format csv or --format json for all");
        } else {
            out.println("(" + text.size() + (text.size() == 1 ? " row)" : " rows)"));
        }
    }

    private void csv(Writer w) throws SQLException, IOException {
        line(w, columns);
        List<String> row = new ArrayList<>(columns.size());
        while (rs.next()) {
            row.clear();
            for (int i = 1; i <= columns.size(); i++) {
                row.add(QueryCommand.text(rs.getObject(i)));
            }
            line(w, row);
        }
    }

    private static void line(Writer w, List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                w.write(',');
            }
            w.write(csvCell(cells.get(i)));
        }
        w.write(NL);
    }

    private static String csvCell(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    private void json(Writer w) throws SQLException, IOException {
        JsonGenerator g = new JsonFactory()
                .createGenerator(w)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                .setCharacterEscapes(ESCAPES)
                .setPrettyPrinter(LINES);
        g.writeStartArray();
        while (rs.next()) {
            g.writeStartObject();
            for (int i = 1; i <= columns.size(); i++) {
                g.writeFieldName(columns.get(i - 1));
                value(g, rs.getObject(i));
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.close();
        w.write(NL);
    }

    private static void value(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Number n) {
            // as the table and CSV print it (plain decimals); NaN and infinities are not JSON
            if (Double.isFinite(n.doubleValue())) {
                g.writeNumber(QueryCommand.text(v));
            } else {
                g.writeNull();
            }
        } else {
            g.writeString(QueryCommand.text(v));
        }
    }

    /**
     * The layout the JSON output has always had: {@code [}, then one {@code {"a": 1, "b": "x"}} a
     * line indented by two spaces, separated by commas, then {@code ]}.
     */
    private static final PrettyPrinter LINES = new PrettyPrinter() {
        @Override
        public void writeRootValueSeparator(JsonGenerator g) {}

        @Override
        public void writeStartObject(JsonGenerator g) throws IOException {
            g.writeRaw('{');
        }

        @Override
        public void writeEndObject(JsonGenerator g, int entries) throws IOException {
            g.writeRaw('}');
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
            g.writeRaw(", ");
        }

        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(": ");
        }

        @Override
        public void writeStartArray(JsonGenerator g) throws IOException {
            g.writeRaw('[');
        }

        @Override
        public void writeEndArray(JsonGenerator g, int values) throws IOException {
            g.writeRaw(NL + "]");
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw("," + NL + "  ");
        }

        @Override
        public void beforeArrayValues(JsonGenerator g) throws IOException {
            g.writeRaw(NL + "  ");
        }

        @Override
        public void beforeObjectEntries(JsonGenerator g) {}
    };

    /** Escapes as before: \" \\ \n \r \t, other control characters as lower-case \\u00xx. */
    private static final CharacterEscapes ESCAPES = new CharacterEscapes() {
        private final int[] codes = codes();

        private static int[] codes() {
            int[] c = standardAsciiEscapesForJSON();
            for (int ch = 0; ch < 0x20; ch++) {
                if (ch != '\n' && ch != '\r' && ch != '\t') {
                    c[ch] = ESCAPE_CUSTOM;
                }
            }
            return c;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return codes;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch < 0x20 ? new SerializedString(String.format("\\u%04x", ch)) : null;
        }
    };

    /**
     * A buffered writer onto {@code out} (in its own encoding) that fails once {@code out} has
     * failed, e.g. a closed pipe, instead of reading the rest of a large result for nothing.
     */
    private static Writer writer(PrintStream out) {
        return new BufferedWriter(
                new Writer() {
                    @Override
                    public void write(char[] chars, int offset, int length) throws IOException {
                        out.append(CharBuffer.wrap(chars, offset, length));
                        if (out.checkError()) {
                            throw new IOException("cannot write the result (output closed or full)");
                        }
                    }

                    @Override
                    public void flush() {
                        out.flush();
                    }

                    @Override
                    public void close() {
                        out.flush();
                    }
                },
                1 << 16);
    }
}
