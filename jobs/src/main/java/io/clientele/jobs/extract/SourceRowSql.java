package io.clientele.jobs.extract;

import io.clientele.schemas.ColumnContract;
import io.clientele.schemas.SourceContract;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The SQL twin of {@link SourceRowValidator} for the DuckDB paths ({@link SureRowsLanding}):
 * per row, a predicate {@code ok} that is a SUFFICIENT condition for the Java validator to accept
 * the row, and the canonical values (hashed as {@link io.clientele.warehouse.stage.PersonalDataHasher}
 * does) that the validator and the landing writer would produce for it. It only recognises the
 * plain spellings (no surrounding whitespace, ASCII where text is folded or hashed, timestamps
 * without offset or fraction, enums spelled as the contract does); any other row is not ok and
 * goes through the Java validator, which stays the only judge of what is refused and why.
 *
 * <p>The raw table has one VARCHAR column {@code f<i>} per field of the file (or mapped column),
 * in file order.
 */
final class SourceRowSql {

    // Java's String.strip() removes Character.isWhitespace chars: a value that neither starts nor ends
    // with one of these (a superset: the control characters, the no-break spaces) is its own strip().
    // A regular expression: DuckDB's right() walks grapheme clusters and is ten times slower.
    private static final String EDGE = "[\\x00-\\x20\\x7f\\x{85}\\x{a0}\\x{1680}\\x{2000}-\\x{200a}\\x{2028}\\x{2029}"
            + "\\x{202f}\\x{205f}\\x{3000}]";
    // bounds are compared as DECIMAL(18,9): a 64-bit integer, exact for the values the fast path takes
    private static final String DECIMAL = "DECIMAL(18,9)";
    private static final int MAX_INTEGER_DIGITS = 9;
    private static final int MAX_FRACTION_DIGITS = 9;

    private final SourceContract contract;
    private final List<ColumnContract> columns;
    private final int[] positions;
    private final String salt;

    /**
     * @param positions each contract column's position in the file (−1 = left out)
     * @param salt      the personal-data salt, for hashed columns
     */
    SourceRowSql(SourceContract contract, int[] positions, String salt) {
        this.contract = contract;
        this.columns = contract.columns();
        this.positions = positions.clone();
        this.salt = salt;
    }

    static int[] positions(SourceContract contract, SourceHeader header) {
        int[] found = new int[contract.columns().size()];
        for (int i = 0; i < found.length; i++) {
            found[i] = header.position(contract.columns().get(i).name());
        }
        return found;
    }

    /**
     * A query over {@code rawTable} giving every raw column, {@code ok}, and the canonical value
     * of each contract column as {@code c<i>} (meaningful where ok).
     *
     * @param erasedTable a table of erased customer ids (one VARCHAR column {@code id}) whose rows
     *                    are left to Java, or null
     */
    String checkedQuery(String rawTable, String erasedTable) {
        List<String> canonical = new ArrayList<>();
        List<String> typeOk = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            ColumnContract column = columns.get(i);
            String v = positions[i] < 0 ? "CAST(NULL AS VARCHAR)" : "f" + positions[i];
            String missing = "(" + v + " IS NULL OR " + v + " = '')";
            String defaultValue =
                    column.defaultValue() == null ? "CAST(NULL AS VARCHAR)" : literal(column.defaultValue());
            boolean missingOk = !column.required() && (!column.hashed() || isAscii(column.defaultValue()));
            canonical.add("CASE WHEN " + missing + " THEN " + defaultValue + " ELSE " + canonicalOf(column, v)
                    + " END AS c" + i);
            typeOk.add(
                    "CASE WHEN " + missing + " THEN " + missingOk + " ELSE " + present(column, v) + " END AS ok" + i);
        }
        StringBuilder ok = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            ok.append(i == 0 ? "" : " AND ").append("ok").append(i);
        }
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).rangeBy() != null) {
                ok.append(" AND ").append(rangeByOk(i));
            }
        }
        int customerId = contract.columnNames().indexOf("customer_id");
        if (erasedTable != null && customerId >= 0) {
            ok.append(" AND NOT coalesce(c")
                    .append(customerId)
                    .append(" IN (SELECT id FROM ")
                    .append(erasedTable)
                    .append("), false)");
        }
        List<String> hashedOut = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            hashedOut.add(
                    columns.get(i).hashed()
                            ? "CASE WHEN c" + i + " IS NULL THEN NULL ELSE sha256(" + literal(salt) + " || lower(c" + i
                                    + ")) END AS c" + i
                            : "c" + i);
        }
        return "SELECT * EXCLUDE (" + String.join(", ", columnRefs("c")) + ", " + String.join(", ", columnRefs("ok"))
                + "), " + String.join(", ", hashedOut) + ", coalesce(" + ok + ", false) AS ok FROM (SELECT *, "
                + String.join(", ", canonical) + ", " + String.join(", ", typeOk) + " FROM " + rawTable + ")";
    }

    private List<String> columnRefs(String prefix) {
        List<String> refs = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            refs.add(prefix + i);
        }
        return refs;
    }

    /** Whether a present value is one the validator surely accepts as is or in its plain spelling. */
    private String present(ColumnContract column, String v) {
        return switch (column.type()) {
            case "string" -> stringOk(column, v);
            // a bounded number must fit DECIMAL(18,9), compared exactly and fast (DECIMAL(38,18) is a 128-bit
            // integer, ~50 times slower to parse); a longer one is left to Java
            case "integer" ->
                "regexp_full_match(" + v + ", '-?[0-9]{1," + (bounded(column) ? 9 : 18) + "}')" + bounds(column, v);
            case "decimal" ->
                (bounded(column)
                                ? "regexp_full_match(" + v + ", '-?[0-9]{1,9}(\\.[0-9]{1,9})?')"
                                : "regexp_full_match(" + v + ", '-?[0-9]{1,18}(\\.[0-9]{1,18})?')")
                        + bounds(column, v);
            case "date" ->
                "regexp_full_match(" + v + ", '[0-9]{4}-[0-9]{2}-[0-9]{2}') AND TRY_CAST(" + v
                        + " AS DATE) IS NOT NULL";
            case "timestamp" ->
                "regexp_full_match(" + v + ", '[0-9]{4}-[0-9]{2}-[0-9]{2}[T ]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]')"
                        + " AND TRY_CAST(left(" + v + ", 10) AS DATE) IS NOT NULL";
            case "boolean" -> v + " IN ('true', 'false')";
            case "month" -> "regexp_full_match(" + v + ", '[0-9]{4}-(0[1-9]|1[0-2])')";
            default -> "false";
        };
    }

    private String stringOk(ColumnContract column, String v) {
        if (!column.enumeration().isEmpty()) {
            // a spelling the validator returns as it is: the first of the enumeration equal to it ignoring case
            List<String> exact = new ArrayList<>();
            for (String allowed : column.enumeration()) {
                if (column.enumeration().stream()
                                .filter(a -> a.equalsIgnoreCase(allowed))
                                .findFirst()
                                .orElseThrow()
                                .equals(allowed)
                        && (!column.hashed() || isAscii(allowed))) {
                    exact.add(literal(allowed));
                }
            }
            return exact.isEmpty() ? "false" : v + " IN (" + String.join(", ", exact) + ")";
        }
        // the EDGE class covers a NUL at either end; one inside is refused by the validator
        String unstripped =
                "NOT regexp_matches(" + v + ", '^" + EDGE + "|" + EDGE + "$') AND NOT contains(" + v + ", chr(0))";
        // lower() and Java's toLowerCase(Locale.ROOT) agree on ASCII; bytes = characters only for ASCII
        boolean ascii = column.foldsToLowerCase() || column.hashed();
        return unstripped + (ascii ? " AND strlen(" + v + ") = length(" + v + ")" : "");
    }

    private String canonicalOf(ColumnContract column, String v) {
        return switch (column.type()) {
            case "string" -> column.enumeration().isEmpty() && column.foldsToLowerCase() ? "lower(" + v + ")" : v;
            case "integer" -> "CAST(TRY_CAST(" + v + " AS BIGINT) AS VARCHAR)";
            case "decimal" -> plainDecimal(v);
            case "timestamp" -> "left(" + v + ", 10) || ' ' || right(" + v + ", 8)";
            default -> v;
        };
    }

    /**
     * BigDecimal.stripTrailingZeros().toPlainString() of a plain decimal ({@code -?digits[.digits]}),
     * in text: usually the value itself; otherwise without the fraction's trailing zeros (and its
     * point when nothing is left), the whole part's leading zeros (but one), and the sign of zero.
     * (Casting to DECIMAL(38,18) and back is ~50 times slower and prints every decimal of the type.)
     */
    static String plainDecimal(String v) {
        String noTrailingZeros =
                "CASE WHEN contains(" + v + ", '.') THEN regexp_replace(" + v + ", '\\.?0+$', '') ELSE " + v + " END";
        String noLeadingZeros = "regexp_replace(" + noTrailingZeros + ", '^(-?)0+([0-9])', '\\1\\2')";
        return "CASE WHEN regexp_full_match(" + v + ", '-?[1-9][0-9]*(\\.[0-9]*[1-9])?|-?0\\.[0-9]*[1-9]|0') THEN " + v
                + " ELSE regexp_replace(" + noLeadingZeros + ", '^-0$', '0') END";
    }

    private static boolean bounded(ColumnContract column) {
        return column.min() != null || column.max() != null || column.rangeBy() != null;
    }

    private String bounds(ColumnContract column, String v) {
        StringBuilder sql = new StringBuilder();
        if (column.min() != null) {
            sql.append(bound(v, ">=", column.min()));
        }
        if (column.max() != null) {
            sql.append(bound(v, "<=", column.max()));
        }
        return sql.toString();
    }

    private static String bound(String v, String comparison, double bound) {
        String plain = decimalLiteral(bound);
        return plain == null ? " AND false" : " AND TRY_CAST(" + v + " AS " + DECIMAL + ") " + comparison + " " + plain;
    }

    private String rangeByOk(int index) {
        ColumnContract column = columns.get(index);
        int by = contract.columnNames().indexOf(column.rangeBy().column());
        if (by < 0) {
            return "true";
        }
        StringBuilder sql = new StringBuilder("(c" + index + " IS NULL OR c" + by + " IS NULL OR CASE c" + by);
        for (Map.Entry<String, List<Double>> range : column.rangeBy().ranges().entrySet()) {
            String low = decimalLiteral(range.getValue().get(0));
            String high = decimalLiteral(range.getValue().get(1));
            sql.append(" WHEN ").append(literal(range.getKey())).append(" THEN ");
            sql.append(
                    low == null || high == null
                            ? "false"
                            : "TRY_CAST(c" + index + " AS " + DECIMAL + ") BETWEEN " + low + " AND " + high);
        }
        return sql.append(" ELSE true END)").toString();
    }

    /** The bound as a DECIMAL(18,9) literal, or null when that type cannot hold it exactly. */
    static String decimalLiteral(double value) {
        BigDecimal exact = BigDecimal.valueOf(value).stripTrailingZeros();
        int fraction = Math.max(exact.scale(), 0);
        int integer = exact.precision() - exact.scale();
        if (fraction > MAX_FRACTION_DIGITS || integer > MAX_INTEGER_DIGITS) {
            return null;
        }
        return "CAST('" + exact.toPlainString() + "' AS " + DECIMAL + ")";
    }

    private static boolean isAscii(String text) {
        return text == null || text.chars().allMatch(c -> c < 128);
    }

    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "SourceRowSql[%s]", contract.source());
    }
}
