package io.clientele.jobs.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Writes a query result as an aligned table, RFC 4180 CSV, or JSON lines in an array. */
final class QueryResultWriter {

    private final List<String> columns;
    private final List<List<Object>> rows;

    QueryResultWriter(List<String> columns, List<List<Object>> rows) {
        this.columns = columns;
        this.rows = rows;
    }

    void write(String format, PrintStream out) {
        switch (format) {
            case "csv" -> csv(out);
            case "json" -> json(out);
            default -> table(out);
        }
    }

    private void table(PrintStream out) {
        List<List<String>> text = new ArrayList<>();
        for (List<Object> row : rows) {
            text.add(row.stream().map(v -> v == null ? "NULL" : QueryCommand.text(v)).toList());
        }
        new TablePrinter(columns).print(text, out, "");
        out.println("(" + rows.size() + (rows.size() == 1 ? " row)" : " rows)"));
    }

    private void csv(PrintStream out) {
        out.println(String.join(",", columns.stream().map(QueryResultWriter::csvCell).toList()));
        for (List<Object> row : rows) {
            out.println(String.join(",", row.stream().map(v -> csvCell(QueryCommand.text(v))).toList()));
        }
    }

    private static String csvCell(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    private void json(PrintStream out) {
        out.println("[");
        for (int r = 0; r < rows.size(); r++) {
            StringBuilder b = new StringBuilder("  {");
            for (int i = 0; i < columns.size(); i++) {
                if (i > 0) {
                    b.append(", ");
                }
                b.append(jsonString(columns.get(i))).append(": ").append(jsonValue(rows.get(r).get(i)));
            }
            b.append(r + 1 < rows.size() ? "}," : "}");
            out.println(b);
        }
        out.println("]");
    }

    private static String jsonValue(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Boolean) {
            return v.toString();
        }
        if (v instanceof Number n) {
            double d = n.doubleValue();
            return Double.isFinite(d) ? QueryCommand.text(v) : "null";
        }
        return jsonString(QueryCommand.text(v));
    }

    private static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
