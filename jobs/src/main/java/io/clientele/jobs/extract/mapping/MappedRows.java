package io.clientele.jobs.extract.mapping;

import io.clientele.schemas.ColumnContract;
import io.clientele.schemas.SourceContract;
import io.clientele.schemas.SourceContracts;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The rows of one mapped source, made in DuckDB: its inputs loaded as text ({@link
 * RawInputLoader}), then one SELECT of the mapping's expressions, each made contract text
 * ({@link ContractText}), read one row at a time.
 *
 * <p>An expression that fails on a row refuses that row, not the night. Each expression is
 * evaluated with {@code TRY}, which gives null where it fails; where it gave null, the plain
 * expression is run again over those rows, and when that fails, over halves of them, down to the
 * single rows it fails on. ({@code TRY} refuses window functions, aggregates, subqueries and
 * volatile functions: such an expression is evaluated plainly, and its failure stops the source.)
 *
 * <p>The rows stay in DuckDB until they are read: an extract may land some of them with SQL on
 * {@link #connection()} ({@link #madeRows()}) and read only the others ({@link #readOnly}).
 */
public final class MappedRows implements AutoCloseable {

    /** More rows than this failing one expression is a mapping that does not fit its data: it stops the source. */
    static final int MAX_FAILED_ROWS = 10_000;

    private final SourceMapping mapping;
    private final MappedSource source;
    private final SourceContract contract;
    private final MappingInput formats;
    private final Connection duck;
    private final List<String> columns;
    private final List<String> expressions = new ArrayList<>();
    private final List<Boolean> tryable = new ArrayList<>();
    private final Map<Long, MappedRow.Failure> failures = new HashMap<>();
    private String where;
    private boolean whereTryable;
    /** All the rows, made and failed, as a query; null until evaluated. */
    private String all;
    /** The numbers of the rows still to read, or null for all. */
    private String unread;

    private Statement statement;
    private ResultSet rows;

    private MappedRows(SourceMapping mapping, MappedSource source) throws SQLException {
        this.mapping = mapping;
        this.source = source;
        this.contract = SourceContracts.get(source.source());
        this.formats = source.derived() ? null : mapping.input(source.from());
        this.columns = List.copyOf(source.columns().keySet());
        Properties properties = new Properties();
        properties.setProperty("jdbc_stream_results", "true");
        this.duck = DriverManager.getConnection("jdbc:duckdb:", properties);
        execute("SET TimeZone = 'UTC'");
    }

    /**
     * Checks the mapping of a source against its inputs without reading their rows: the inputs are
     * there and readable, the derived query, the filter and every expression bind (every raw column
     * they name exists).
     *
     * @throws MappingException naming the mapping file and the key
     */
    public static void check(SourceMapping mapping, String source, Path inbox, RawDatabase database) {
        try (MappedRows rows = new MappedRows(mapping, mapped(mapping, source))) {
            rows.prepare(inbox, database, true);
        } catch (SQLException e) {
            throw new MappingException(mapping.name(), "sources." + source, Sql.message(e), e);
        }
    }

    /** Loads the inputs and evaluates the mapping; the rows are then read with {@link #next()}. */
    public static MappedRows open(SourceMapping mapping, String source, Path inbox, RawDatabase database) {
        MappedRows rows = null;
        try {
            rows = new MappedRows(mapping, mapped(mapping, source));
            rows.prepare(inbox, database, false);
            rows.evaluate();
            return rows;
        } catch (SQLException | RuntimeException e) {
            if (rows != null) {
                rows.close();
            }
            if (e instanceof MappingException problem) {
                throw problem;
            }
            throw new MappingException(
                    mapping.name(),
                    "sources." + source,
                    e instanceof SQLException s ? Sql.message(s) : e.toString(),
                    e);
        }
    }

    private static MappedSource mapped(SourceMapping mapping, String source) {
        return mapping.source(source)
                .orElseThrow(() -> new IllegalArgumentException(mapping.name() + " does not map " + source));
    }

    /** The contract columns the rows have, in contract order. */
    public List<String> columns() {
        return columns;
    }

    /** The in-memory DuckDB database the rows are made in. */
    public Connection connection() {
        return duck;
    }

    /**
     * A query over {@link #connection()} giving the rows the mapping made (none of its expressions
     * failed on them): {@code __row} (the row's number, unique), {@code __file}, {@code __line}, and
     * each contract column's text as {@code c<i>}, in the order of {@link #columns()}.
     */
    public String madeRows() {
        return "SELECT * FROM _out WHERE __row NOT IN (SELECT __row FROM _failed)";
    }

    /**
     * From now on {@link #next()} gives only the rows an expression failed on and the made rows
     * whose number {@code rowNumbers} (a query over {@link #connection()}) gives; the others were
     * taken care of in SQL. Before the first {@link #next()}.
     */
    public void readOnly(String rowNumbers) {
        if (rows != null) {
            throw new IllegalStateException("the rows of " + source.source() + " are being read already");
        }
        unread = "SELECT __row FROM _failed UNION ALL " + rowNumbers;
    }

    /** The next row, or null after the last. */
    public MappedRow next() {
        try {
            if (rows == null && all != null) {
                statement = duck.createStatement();
                rows = statement.executeQuery("SELECT * FROM (" + all + ")"
                        + (unread == null ? "" : " WHERE __row IN (" + unread + ")") + " ORDER BY __row");
            }
            if (rows == null || !rows.next()) {
                return null;
            }
            long row = rows.getLong(1);
            String[] values = new String[columns.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = rows.getString(4 + i);
            }
            return new MappedRow(rows.getString(2), rows.getLong(3), values, failures.get(row));
        } catch (SQLException e) {
            throw new MappingException(mapping.name(), "sources." + source.source(), Sql.message(e), e);
        }
    }

    private void prepare(Path inbox, RawDatabase database, boolean schemaOnly) throws SQLException {
        RawInputLoader loader = new RawInputLoader(duck, mapping.name(), inbox, database);
        for (MappingInput input : mapping.inputsOf(source)) {
            loader.load(input, schemaOnly);
        }
        if (source.derived()) {
            execute(
                    "CREATE TEMP TABLE _src AS SELECT __row, "
                            + Sql.literal(mapping.name() + ":sources." + source.source())
                            + " AS __file, __row AS __line, * EXCLUDE (__row) FROM (SELECT row_number() OVER () AS __row,"
                            + " * FROM (" + source.sql() + ") AS derived)",
                    source.sqlKey());
        } else {
            execute(
                    "CREATE TEMP TABLE _src AS SELECT row_number() OVER (ORDER BY _file, _record) AS __row,"
                            + " _file AS __file, _line AS __line, * FROM " + Sql.name(source.from()),
                    "sources." + source.source() + ".from");
        }
        if (source.where() != null) {
            where = "(" + source.where() + ")";
            execute("SELECT " + where + " FROM _src LIMIT 0", source.whereKey());
            whereTryable = binds("SELECT TRY" + where + " FROM _src LIMIT 0");
            execute("CREATE TEMP VIEW _base AS SELECT * FROM _src WHERE " + where, source.whereKey());
        } else {
            execute("CREATE TEMP VIEW _base AS SELECT * FROM _src", "sources." + source.source());
        }
        for (String column : columns) {
            String key = source.columnKey(column);
            String expression = source.columns().get(column);
            String type = typeOf(expression, key);
            Map<String, String> values = source.values().get(column);
            if (values != null) {
                expression = ContractText.mapped(expression, values);
                type = "VARCHAR";
            }
            ColumnContract contractColumn = contract.column(column).orElseThrow();
            String text = ContractText.of(contractColumn, expression, type, formats);
            execute("SELECT " + text + " FROM _base LIMIT 0", key);
            expressions.add(text);
            tryable.add(binds("SELECT TRY(" + text + ") FROM _base LIMIT 0"));
        }
    }

    private void evaluate() throws SQLException {
        List<Long> whereFailed = new ArrayList<>();
        if (where != null) {
            execute(
                    "CREATE TEMP TABLE _keep AS SELECT __row, " + (whereTryable ? "TRY" + where : where)
                            + " AS k FROM _src",
                    source.whereKey());
            if (whereTryable) {
                for (long row : failingRows("_keep", "k", where, "_src", source.whereKey(), null)) {
                    whereFailed.add(row);
                }
            }
            execute(
                    "CREATE OR REPLACE TEMP VIEW _base AS SELECT * FROM _src WHERE __row IN (SELECT __row FROM _keep WHERE k)",
                    source.whereKey());
        }
        List<String> select = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            select.add((tryable.get(i) ? "TRY(" + expressions.get(i) + ")" : expressions.get(i)) + " AS c" + i);
        }
        try (Statement s = duck.createStatement()) {
            s.execute("CREATE TEMP TABLE _out AS SELECT __row, __file, __line, " + String.join(", ", select)
                    + " FROM _base");
        } catch (SQLException e) {
            throw plainFailure(e);
        }
        for (int i = 0; i < columns.size(); i++) {
            if (tryable.get(i)) {
                failingRows(
                        "_out", "c" + i, expressions.get(i), "_base", source.columnKey(columns.get(i)), columns.get(i));
            }
        }
        String nulls = "NULL AS c0" + ", NULL".repeat(Math.max(0, columns.size() - 1));
        String failedRows = whereFailed.isEmpty()
                ? ""
                : " UNION ALL SELECT __row, __file, __line, " + nulls + " FROM _src WHERE __row IN ("
                        + String.join(
                                ", ", whereFailed.stream().map(String::valueOf).toList()) + ")";
        all = "SELECT * FROM _out" + failedRows;
        execute("CREATE TEMP TABLE _failed (__row BIGINT)");
        try (PreparedStatement insert = duck.prepareStatement("INSERT INTO _failed VALUES (?)")) {
            for (long row : failures.keySet()) {
                insert.setLong(1, row);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /**
     * The rows of {@code table} whose {@code column} (the TRY of {@code expression}) is null because
     * the expression fails on them, found by running the plain expression over those rows of {@code
     * from}, then over halves of them; each is kept with its reason.
     */
    private List<Long> failingRows(
            String table, String column, String expression, String from, String key, String contractColumn)
            throws SQLException {
        execute(
                "CREATE OR REPLACE TEMP TABLE _candidates AS SELECT __row, row_number() OVER (ORDER BY __row) AS i FROM "
                        + table + " WHERE " + column + " IS NULL");
        long candidates = count("SELECT count(*) FROM _candidates");
        List<Long> failed = new ArrayList<>();
        bisect(1, candidates, expression, from, key, contractColumn, failed);
        return failed;
    }

    private void bisect(
            long first, long last, String expression, String from, String key, String column, List<Long> failed)
            throws SQLException {
        if (first > last) {
            return;
        }
        String rowsOf = " FROM " + from + " WHERE __row IN (SELECT __row FROM _candidates WHERE i BETWEEN " + first
                + " AND " + last + ")";
        // a statement, not a query: with streamed results a query's error would come as "Invalid result set"
        try (Statement s = duck.createStatement()) {
            s.execute("CREATE OR REPLACE TEMP TABLE _probe AS SELECT count(" + expression + ") AS n" + rowsOf);
            return;
        } catch (SQLException e) {
            if (first == last) {
                long row = count("SELECT __row FROM _candidates WHERE i = " + first);
                failed.add(row);
                failures.putIfAbsent(row, new MappedRow.Failure(key, column, Sql.message(e)));
                if (failed.size() > MAX_FAILED_ROWS) {
                    throw new MappingException(
                            mapping.name(),
                            key,
                            "fails on more than " + MAX_FAILED_ROWS + " rows (" + Sql.message(e) + ")");
                }
                return;
            }
        }
        long middle = first + (last - first) / 2;
        bisect(first, middle, expression, from, key, column, failed);
        bisect(middle + 1, last, expression, from, key, column, failed);
    }

    /** The key of the plainly evaluated expression that failed the whole SELECT. */
    private MappingException plainFailure(SQLException e) {
        for (int i = 0; i < columns.size(); i++) {
            if (!tryable.get(i)) {
                try (Statement s = duck.createStatement()) {
                    s.execute("CREATE OR REPLACE TEMP TABLE _probe AS SELECT count(" + expressions.get(i)
                            + ") AS n FROM _base");
                } catch (SQLException failed) {
                    return new MappingException(
                            mapping.name(), source.columnKey(columns.get(i)), Sql.message(failed), failed);
                }
            }
        }
        return new MappingException(mapping.name(), "sources." + source.source() + ".columns", Sql.message(e), e);
    }

    private String typeOf(String expression, String key) {
        try (Statement s = duck.createStatement();
                ResultSet rs = s.executeQuery("DESCRIBE SELECT (" + expression + ") AS v FROM _base")) {
            rs.next();
            return rs.getString("column_type");
        } catch (SQLException e) {
            throw new MappingException(mapping.name(), key, Sql.message(e), e);
        }
    }

    private boolean binds(String sql) {
        try (Statement s = duck.createStatement()) {
            s.execute(sql);
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private long count(String sql) throws SQLException {
        try (Statement s = duck.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement s = duck.createStatement()) {
            s.execute(sql);
        }
    }

    private void execute(String sql, String key) {
        try (Statement s = duck.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new MappingException(mapping.name(), key, Sql.message(e), e);
        }
    }

    @Override
    public void close() {
        try {
            if (rows != null) {
                rows.close();
            }
            if (statement != null) {
                statement.close();
            }
            duck.close();
        } catch (SQLException e) {
            // closing an in-memory database: nothing is lost
        }
    }
}
