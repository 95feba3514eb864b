package io.clientele.jobs.extract.mapping;

import io.clientele.schemas.ColumnContract;
import java.util.Locale;
import java.util.Map;

/**
 * Wraps a column's expression so that its value becomes the text the contract's validation reads
 * (docs/contract.md §1): dates {@code yyyy-MM-dd}, timestamps {@code yyyy-MM-ddTHH:mm:ss} in UTC,
 * decimals with a point. Typed values (a DATE, a TIMESTAMP) are written so whatever their source;
 * text is converted by the input's formats (date and timestamp patterns, decimal comma, time zone)
 * or, without one, left as it is for the validation to judge.
 */
final class ContractText {

    private ContractText() {}

    /** The value map of an enum column applied to the expression's text: a value not in the map is kept. */
    static String mapped(String expression, Map<String, String> values) {
        String text = "CAST((" + expression + ") AS VARCHAR)";
        StringBuilder sql = new StringBuilder("CASE " + text);
        values.forEach((raw, value) -> sql.append(" WHEN ")
                .append(Sql.literal(raw))
                .append(" THEN ")
                .append(value == null ? "NULL" : Sql.literal(value)));
        return sql.append(" ELSE ").append(text).append(" END").toString();
    }

    /**
     * @param type  the expression's DuckDB type
     * @param input the formats of the input the value comes from, or null (a derived source: none)
     */
    static String of(ColumnContract column, String expression, String type, MappingInput input) {
        String e = "(" + expression + ")";
        String t = type.toUpperCase(Locale.ROOT);
        boolean text = t.equals("VARCHAR");
        boolean temporal = t.equals("DATE") || t.startsWith("TIMESTAMP");
        String dateFormat = input == null ? null : input.dateFormat();
        String timestampFormat = input == null ? null : input.timestampFormat();
        String zone = input == null ? null : input.timeZone();
        boolean decimalComma = input != null && ",".equals(input.decimal());
        return switch (column.type()) {
            case "date" -> {
                if (text && dateFormat != null) {
                    yield "CAST(CAST(strptime(" + e + ", " + Sql.literal(dateFormat) + ") AS DATE) AS VARCHAR)";
                }
                yield temporal ? "CAST(CAST(" + e + " AS DATE) AS VARCHAR)" : "CAST(" + e + " AS VARCHAR)";
            }
            case "timestamp" -> {
                String timestamp;
                if (text && timestampFormat != null) {
                    timestamp = "strptime(" + e + ", " + Sql.literal(timestampFormat) + ")";
                } else if (t.equals("TIMESTAMP WITH TIME ZONE")) {
                    yield iso("timezone('UTC', " + e + ")");
                } else if (temporal || (text && zone != null)) {
                    timestamp = "CAST(" + e + " AS TIMESTAMP)";
                } else {
                    yield "CAST(" + e + " AS VARCHAR)";
                }
                if (zone != null) {
                    timestamp = "timezone('UTC', timezone(" + Sql.literal(zone) + ", " + timestamp + "))";
                }
                yield iso(timestamp);
            }
            case "month" -> temporal ? "strftime(" + e + ", '%Y-%m')" : "CAST(" + e + " AS VARCHAR)";
            case "decimal", "integer" ->
                text && decimalComma ? "replace(" + e + ", ',', '.')" : "CAST(" + e + " AS VARCHAR)";
            default -> "CAST(" + e + " AS VARCHAR)";
        };
    }

    /** A TIMESTAMP as ISO text: a T between date and time, a fraction only when there is one. */
    private static String iso(String timestamp) {
        return "replace(CAST(" + timestamp + " AS VARCHAR), ' ', 'T')";
    }
}
