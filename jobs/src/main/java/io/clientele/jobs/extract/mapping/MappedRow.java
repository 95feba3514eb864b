package io.clientele.jobs.extract.mapping;

/**
 * One row a mapping made: its contract fields as text, in the order of {@link MappedRows#columns()},
 * or the expression that failed on it.
 *
 * @param file    the raw file it came from ({@code jdbc:<table>} for a table; the mapping and the
 *                source for a derived source)
 * @param line    its line in that file (for a derived source, its row number)
 * @param values  the fields; for a failed row, the fields the mapping could make, the others null
 * @param failure why the mapping could not make the row, or null
 */
public record MappedRow(String file, long line, String[] values, Failure failure) {

    /**
     * @param key     the mapping key whose expression failed ({@code sources.orders.columns.order_ts})
     * @param column  the contract column it makes, or null for the where filter
     * @param message DuckDB's reason
     */
    public record Failure(String key, String column, String message) {}
}
