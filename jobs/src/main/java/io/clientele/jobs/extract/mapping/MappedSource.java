package io.clientele.jobs.extract.mapping;

import java.util.Map;

/**
 * How one source of the contract is made: from one input (its rows, optionally filtered) or by a
 * SQL query over the inputs (a derived source), each contract column an expression over the
 * input's columns, and value maps for enum columns.
 *
 * @param from    the input the rows come from, or null for a derived source
 * @param sql     the query of a derived source, or null
 * @param where   a filter on the rows, or null
 * @param columns contract column to DuckDB SQL expression, in the mapping's order
 * @param values  contract column to its map of raw value to contract value
 */
public record MappedSource(
        String source,
        String from,
        String sql,
        String where,
        Map<String, String> columns,
        Map<String, Map<String, String>> values) {

    public boolean derived() {
        return sql != null;
    }

    /** The key of a column's expression in the mapping file. */
    public String columnKey(String column) {
        return "sources." + source + ".columns." + column;
    }

    public String whereKey() {
        return "sources." + source + ".where";
    }

    public String sqlKey() {
        return "sources." + source + ".sql";
    }
}
