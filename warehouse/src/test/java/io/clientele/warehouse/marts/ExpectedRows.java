package io.clientele.warehouse.marts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.clientele.warehouse.engine.ResultTable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Expected rows written by hand in the mart tests, and their comparison with a built mart. */
final class ExpectedRows {

    private ExpectedRows() {}

    /** Dates as "YYYY-MM-DD", decimals as strings with a point, Integers as BIGINT counts, Doubles within 1e-9. */
    static List<Object> row(Object... values) {
        List<Object> out = new ArrayList<>();
        for (Object v : values) {
            if (v instanceof String s && s.matches("\\d{4}-\\d{2}-\\d{2}")) {
                out.add(LocalDate.parse(s));
            } else if (v instanceof String s && s.matches("-?\\d+\\.\\d+")) {
                out.add(new BigDecimal(s));
            } else if (v instanceof Integer i) {
                out.add(i.longValue());
            } else {
                out.add(v);
            }
        }
        return out;
    }

    static void assertRows(ResultTable t, List<String> columns, List<List<Object>> expected) {
        assertThat(t.rows()).as("rows of %s: %s", columns, t.rows()).hasSize(expected.size());
        for (int r = 0; r < expected.size(); r++) {
            for (int c = 0; c < columns.size(); c++) {
                Object actual = t.rows().get(r).get(t.columnIndex(columns.get(c)));
                Object want = expected.get(r).get(c);
                String where = "row " + r + " " + Arrays.asList(t.rows().get(r)) + ", column " + columns.get(c);
                if (want == null) {
                    assertThat(actual).as(where).isNull();
                } else if (want instanceof Double w) {
                    assertThat(actual).as(where).isInstanceOf(Double.class);
                    assertThat((Double) actual).as(where).isCloseTo(w, within(1e-9));
                } else if (want instanceof BigDecimal w) {
                    assertThat((BigDecimal) actual).as(where).isEqualByComparingTo(w);
                } else if (want instanceof Long w) {
                    assertThat(((Number) actual).longValue()).as(where).isEqualTo(w);
                } else {
                    assertThat(actual).as(where).isEqualTo(want);
                }
            }
        }
    }
}
