package io.clientele.warehouse.engine;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Reads a JDBC result into a {@link ResultTable} with java.time values for dates and timestamps. */
public final class JdbcValues {

    private JdbcValues() {}

    public static ResultTable read(ResultSet rs) throws SQLException {
        return read(rs, JdbcValues::normalize);
    }

    /** Reads a JDBC result with each value turned by {@code value} (e.g. kept as JDBC gives it, or made JSON-ready). */
    public static ResultTable read(ResultSet rs, UnaryOperator<Object> value) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        List<String> columns = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            columns.add(md.getColumnLabel(i));
        }
        List<List<Object>> rows = new ArrayList<>();
        while (rs.next()) {
            List<Object> row = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) {
                row.add(value.apply(rs.getObject(i)));
            }
            rows.add(row);
        }
        return new ResultTable(columns, rows);
    }

    static Object normalize(Object value) {
        if (value instanceof java.sql.Date d) {
            return d.toLocalDate();
        }
        if (value instanceof Timestamp t) {
            return t.toLocalDateTime();
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toLocalDateTime();
        }
        return value;
    }
}
