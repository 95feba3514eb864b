package io.clientele.jobs.extract;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.schemas.SourceContract;
import io.clientele.schemas.SourceContracts;
import io.clientele.warehouse.stage.PersonalDataHasher;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The SQL twin of the validator on real DuckDB: a row SQL calls ok is one the Java validator
 * accepts, with the very values the validator, the hasher and the landing writer give; the
 * unusual but valid spellings are left to Java (not ok), never judged in SQL.
 */
class SourceRowSqlTest {

    private static final String SALT = "s3cr'et";

    /** Runs the contract's SQL over the rows (fields in contract column order) and returns, per row, ok and the values. */
    private static List<Map.Entry<Boolean, List<String>>> checked(SourceContract contract, List<String[]> rows)
            throws SQLException {
        int width = contract.columns().size();
        List<Map.Entry<Boolean, List<String>>> result = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            StringBuilder columns = new StringBuilder();
            for (int i = 0; i < width; i++) {
                columns.append(i == 0 ? "" : ", ").append('f').append(i).append(" VARCHAR");
            }
            s.execute("CREATE TABLE raw (" + columns + ")");
            try (PreparedStatement insert =
                    c.prepareStatement("INSERT INTO raw VALUES (" + "?, ".repeat(width - 1) + "?)")) {
                for (String[] row : rows) {
                    for (int i = 0; i < width; i++) {
                        insert.setString(i + 1, row[i]);
                    }
                    insert.execute();
                }
            }
            int[] positions = new int[width];
            Arrays.setAll(positions, i -> i);
            String query =
                    new SourceRowSql(contract, positions, SALT).checkedQuery("(SELECT rowid AS k, * FROM raw)", null);
            try (ResultSet rs = s.executeQuery(
                    "SELECT ok, " + String.join(", ", names("c", width)) + " FROM (" + query + ") ORDER BY k")) {
                while (rs.next()) {
                    List<String> values = new ArrayList<>();
                    for (int i = 0; i < width; i++) {
                        values.add(rs.getString(2 + i));
                    }
                    result.add(Map.entry(rs.getBoolean(1), values));
                }
            }
        }
        return result;
    }

    private static List<String> names(String prefix, int width) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            names.add(prefix + i);
        }
        return names;
    }

    /** What the Java path lands for the row, or null when the validator refuses it. */
    private static List<String> java(SourceContract contract, String[] row) {
        SourceHeader header = SourceHeader.check("t.csv", contract.columnNames().toArray(String[]::new), contract);
        String[] fields = Arrays.stream(row).map(f -> f == null ? "" : f).toArray(String[]::new);
        try {
            String[] values = new SourceRowValidator(contract, () -> header)
                    .process(new SourceRow("t.csv", 2, fields, String.join(",", fields)))
                    .values();
            return Arrays.asList(new PersonalDataHasher(SALT).hashColumns(contract, values));
        } catch (RejectedRowException refused) {
            return null;
        }
    }

    /** Every row SQL calls ok lands in SQL exactly as Java lands it; returns the ok flags. */
    private static List<Boolean> assertOkRowsMatchJava(SourceContract contract, List<String[]> rows)
            throws SQLException {
        List<Map.Entry<Boolean, List<String>>> sql = checked(contract, rows);
        List<Boolean> ok = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (sql.get(i).getKey()) {
                assertThat(sql.get(i).getValue())
                        .as("row %s", Arrays.toString(rows.get(i)))
                        .isEqualTo(java(contract, rows.get(i)));
            }
            ok.add(sql.get(i).getKey());
        }
        return ok;
    }

    @Test
    void decimalsAreCanonicalAsStripTrailingZerosAndOddSpellingsAreLeftToJava() throws SQLException {
        SourceContract products = SourceContracts.get("products");
        Map<String, Boolean> prices = new LinkedHashMap<>();
        prices.put("-0.0", true); // BigDecimal has no negative zero: 0, at the minimum 0
        prices.put("100", true); // no trailing zeros stripped from an integer's digits
        prices.put("007.50", true);
        prices.put("0.000", true);
        prices.put("12.3400", true);
        prices.put("-00.50", false); // below the minimum
        prices.put("123456789.123456789", true);
        prices.put("1234567890.5", false); // a bounded value too long for DECIMAL(18,9): left to Java
        prices.put("-0.01", false); // below the minimum: Java refuses, with its reason
        prices.put("1e3", false); // valid to Java (1000), not a plain spelling
        prices.put(".5", false);
        prices.put("+5", false);
        prices.put("5.", false);
        prices.put(" 5", false);
        prices.put("1234567890123456789", false);
        prices.put("abc", false);
        List<String[]> rows = new ArrayList<>();
        for (String price : prices.keySet()) {
            rows.add(new String[] {"P1", "Thing", "misc", price, "", "2026-01-01T00:00:00"});
        }
        assertThat(assertOkRowsMatchJava(products, rows)).containsExactlyElementsOf(prices.values());
        // by hand, what BigDecimal.stripTrailingZeros().toPlainString() gives
        List<String> canonical = checked(products, rows.subList(0, 5)).stream()
                .map(r -> r.getValue().get(3))
                .toList();
        assertThat(canonical).containsExactly("0", "100", "7.5", "0", "12.34");
        assertThat(new BigDecimal("-0.0").stripTrailingZeros().toPlainString()).isEqualTo("0");

        // an unbounded decimal may be long, and negative
        SourceContract lines = SourceContracts.get("order_lines");
        List<String[]> discounts = new ArrayList<>();
        for (String discount : List.of("-00.50", "-0.000", "123456789012345678.123456789012345678", "-3", "2.5e1")) {
            discounts.add(new String[] {"O1", "1", "P1", "1", "1.00", discount});
        }
        assertThat(assertOkRowsMatchJava(lines, discounts)).containsExactly(true, true, true, true, false);
        assertThat(checked(lines, discounts).stream()
                        .map(r -> r.getValue().get(5))
                        .toList()
                        .subList(0, 4))
                .containsExactly("-0.5", "0", "123456789012345678.123456789012345678", "-3");
    }

    @Test
    void hashedAndFoldedTextMatchesTheJavaHasherForAsciiAndIsLeftToJavaOtherwise() throws SQLException {
        SourceContract customers = SourceContracts.get("customers");
        List<String[]> rows = List.of(
                new String[] {
                    "C1",
                    "Ann Lee",
                    "Ann.Lee@Example.COM",
                    "+49 30 1234567",
                    "Germany",
                    "Berlin",
                    "B2C",
                    "Paid_Search",
                    "Bo",
                    "2024-02-29T23:59:59",
                    "2024-03-01 00:00:00"
                },
                new String[] {
                    "C2", "Émile Noël", null, "", "France", "Paris", "B2B", null, null, "2024-01-01T00:00:00", null
                },
                new String[] {
                    "C3", "Jörg", "jörg@example.de", null, null, null, null, null, null, "2024-01-01T00:00:00", null
                },
                new String[] {"C4", "Ann", "a@b.c", null, null, null, "b2c", null, null, "2024-01-01T00:00:00", null},
                new String[] {
                    "C5", "Ann", "a@b.c", null, null, null, null, "Référence", null, "2024-01-01T00:00:00", null
                },
                new String[] {"C6", "Ann ", null, null, null, null, null, null, null, "2024-01-01T00:00:00", null},
                new String[] {"C7", "Ann", null, null, null, null, null, null, null, "2023-02-29T00:00:00", null},
                new String[] {"C8", "Ann", null, null, null, null, null, null, null, "2024-01-01T24:00:00", null},
                new String[] {"C9", "Ann", null, null, null, null, null, null, null, "2024-01-01T10:00:00Z", null},
                new String[] {"C10", "Ann", null, null, null, null, null, null, null, null, null});
        assertThat(assertOkRowsMatchJava(customers, rows))
                .containsExactly(true, true, false, false, false, false, false, false, false, false);
        List<String> ann = checked(customers, rows.subList(0, 1)).get(0).getValue();
        assertThat(ann.get(2)).isEqualTo(new PersonalDataHasher(SALT).hash("ann.lee@example.com"));
        assertThat(ann.get(7)).isEqualTo("paid_search");
        assertThat(ann.subList(9, 11)).containsExactly("2024-02-29 23:59:59", "2024-03-01 00:00:00");
    }

    @Test
    void integersRangesByAnotherColumnAndMonths() throws SQLException {
        SourceContract surveys = SourceContracts.get("surveys");
        List<String[]> answers = List.of(
                new String[] {"R1", "C1", "2024-01-01T00:00:00", "NPS", "10", null, null},
                new String[] {"R2", "C1", "2024-01-01T00:00:00", "NPS", "007", null, null},
                new String[] {"R3", "C1", "2024-01-01T00:00:00", "CSAT", "0", null, null},
                new String[] {"R4", "C1", "2024-01-01T00:00:00", "NPS", "-0", null, null},
                new String[] {"R5", "C1", "2024-01-01T00:00:00", "nps", "5", null, null},
                new String[] {"R6", "C1", "2024-01-01T00:00:00", "CSAT", "4.0", null, null});
        assertThat(assertOkRowsMatchJava(surveys, answers)).containsExactly(true, true, false, true, false, false);
        assertThat(checked(surveys, answers).stream()
                        .map(r -> r.getValue().get(4))
                        .toList()
                        .subList(0, 2))
                .containsExactly("10", "7");

        SourceContract spend = SourceContracts.get("marketing_spend");
        List<String[]> months = List.of(
                new String[] {"2026-02", "Email", "10.50"},
                new String[] {"2026-13", "email", "1"},
                new String[] {"2026-2", "email", "1"},
                new String[] {"2026-02", "email", null});
        assertThat(assertOkRowsMatchJava(spend, months)).containsExactly(true, false, false, false);
        assertThat(checked(spend, months).get(0).getValue()).containsExactly("2026-02", "email", "10.5");
    }

    @Test
    void aNulByteInsideTextIsLeftToJavaWhichRefusesIt() throws SQLException {
        SourceContract interactions = SourceContracts.get("interactions");
        List<String[]> rows = List.of(
                new String[] {"I1", "C1", "2024-01-01T00:00:00", "phone", "inbound", "de\0livery", "A1"},
                new String[] {"I2", "C1", "2024-01-01T00:00:00", "phone", "inbound", "delivery", "A\0"},
                new String[] {"I3", "C1", "2024-01-01T00:00:00", "phone", "inbound", "delivery", "A1"});
        assertThat(assertOkRowsMatchJava(interactions, rows)).containsExactly(false, false, true);
        assertThat(java(interactions, rows.get(0))).isNull();
        assertThat(java(interactions, rows.get(1))).isNull();
    }
}
