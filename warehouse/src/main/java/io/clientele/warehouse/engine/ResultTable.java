package io.clientele.warehouse.engine;

import java.util.ArrayList;
import java.util.List;

/** A small query result held in memory: column names and rows of plain Java values. */
public record ResultTable(List<String> columns, List<List<Object>> rows) {
    public ResultTable {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    public int columnIndex(String name) {
        int i = columns.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no column " + name + " in " + columns);
        }
        return i;
    }

    public Object value(int row, String column) {
        return rows.get(row).get(columnIndex(column));
    }

    /** The single value of a one-row, one-column result (a count, say). */
    public Object scalar() {
        if (rows.size() != 1 || columns.size() != 1) {
            throw new IllegalStateException("expected one value, got " + rows.size() + " rows of " + columns);
        }
        return rows.get(0).get(0);
    }

    public List<Object> column(String name) {
        int i = columnIndex(name);
        List<Object> out = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            out.add(row.get(i));
        }
        return out;
    }
}
