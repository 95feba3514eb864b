package io.clientele.jobs.extract;

import io.clientele.schemas.SourceContract;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;

/**
 * Lands, by one COPY to the landing's bulk rows file, the rows of a DuckDB table that SQL is sure
 * the contract accepts ({@link SourceRowSql}), hashed and with erased customers left out as the
 * landing writer would; the other rows are kept in a table for the Java validator, which alone
 * decides what is refused and why. Used by both DuckDB paths of the extract: a CSV file read by
 * DuckDB ({@link DuckDbCsvLoad}) and the rows of a source mapping ({@link MappedRowsLoad}).
 */
final class SureRowsLanding {

    private static final String ERASED = "sure_rows_erased_customers";

    private final SourceContract contract;

    SureRowsLanding(SourceContract contract) {
        this.contract = contract;
    }

    /**
     * @param rows   a query over {@code connection} giving a unique {@code _k}, {@code _line} and one
     *               VARCHAR {@code f<i>} per column of {@code header}, in its order
     * @param file   SQL for a row's file, over {@code rows} as {@code x} (a literal, or {@code x._file})
     * @param rest   the temporary table to make of the rows not landed: {@code _k} and {@code kept}
     * @param kept   more columns of {@code rows} that {@code rest} keeps ("" for none), comma first
     * @return how many rows were landed (already counted in the landing's row count)
     */
    long land(
            Connection connection,
            String rows,
            SourceHeader header,
            String file,
            String rest,
            String kept,
            LandingItemWriter writer)
            throws SQLException {
        try (Statement s = connection.createStatement()) {
            String erased = erasedTable(connection, writer.erasedCustomers());
            String checked = new SourceRowSql(contract, SourceRowSql.positions(contract, header), writer.piiSalt())
                    .checkedQuery("(" + rows + ")", erased);
            // the rows SQL is not sure of, first: ok is evaluated once, and the landing copy leaves them out by key
            s.execute("CREATE OR REPLACE TEMP TABLE " + rest + " AS SELECT _k" + kept + " FROM (" + checked
                    + ") WHERE NOT ok");
            StringBuilder landed = new StringBuilder();
            for (int i = 0; i < contract.columns().size(); i++) {
                landed.append("x.c")
                        .append(i)
                        .append(" AS \"")
                        .append(contract.columns().get(i).name())
                        .append("\", ");
            }
            // straight to Parquet (the landing file, once the step that finishes the extract adds the Java rows)
            long bySql = 0;
            try (ResultSet rs = s.executeQuery("COPY (SELECT " + landed + file
                    + " AS _file, CAST(x._line AS BIGINT) AS _line FROM (" + checked + ") x ANTI JOIN " + rest
                    + " r ON x._k = r._k) TO "
                    + SourceRowSql.literal(writer.landing().bulkRowsFile().toString())
                    + " (FORMAT parquet, RETURN_STATS)")) {
                while (rs.next()) {
                    bySql += rs.getLong(2); // filename, count, ...
                }
            }
            writer.landing().countRowsAdded(bySql);
            if (erased != null) {
                s.execute("DROP TABLE " + erased);
            }
            return bySql;
        }
    }

    /** The erased customers as a table (one VARCHAR column {@code id}), or null when there are none. */
    private static String erasedTable(Connection connection, Set<String> ids) throws SQLException {
        if (ids.isEmpty()) {
            return null;
        }
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE OR REPLACE TEMP TABLE " + ERASED + " (id VARCHAR)");
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + ERASED + " VALUES (?)")) {
            for (String id : ids) {
                insert.setString(1, id);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        return ERASED;
    }
}
