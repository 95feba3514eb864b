package io.clientele.jobs.cli;

import java.io.PrintStream;
import java.util.List;

/** Prints rows of text as an aligned table under a header. */
final class TablePrinter {

    private final List<String> header;

    TablePrinter(List<String> header) {
        this.header = header;
    }

    void print(List<List<String>> rows, PrintStream out, String indent) {
        int[] width = new int[header.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = header.get(i).length();
            for (List<String> row : rows) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        line(header, width, out, indent);
        StringBuilder rule = new StringBuilder(indent);
        for (int i = 0; i < width.length; i++) {
            rule.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
        }
        out.println(rule);
        for (List<String> row : rows) {
            line(row, width, out, indent);
        }
    }

    private static void line(List<String> cells, int[] width, PrintStream out, String indent) {
        StringBuilder b = new StringBuilder(indent);
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            if (i > 0) {
                b.append(" | ");
            }
            // Numbers right-aligned, text left-aligned, as a reader expects.
            b.append(
                    isNumber(cell)
                            ? " ".repeat(width[i] - cell.length()) + cell
                            : cell + " ".repeat(width[i] - cell.length()));
        }
        out.println(b.toString().stripTrailing());
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.matches("-?[0-9][0-9.,eE+-]*");
    }
}
