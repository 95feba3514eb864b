package io.clientele.jobs.extract.mapping;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Loads one raw input into a DuckDB table of its name: every column as text, as the input has
 * it, and three more: {@code _file} (the file's path in the inbox, or {@code jdbc:<table>}),
 * {@code _record} (the record's number in its file, from 1, after the header and skipped lines)
 * and {@code _line} (the line it starts on, when records are single lines). Several files of a
 * glob are loaded one after the other, in name order, and must have the same columns.
 */
final class RawInputLoader {

    private static final String LOAD = "_mapping_load";
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    private final Connection duck;
    private final String mapping;
    private final Path inbox;
    private final RawDatabase database;

    /**
     * @param inbox    where file inputs are, or null when there is none
     * @param database the operational database, or null when there is none
     */
    RawInputLoader(Connection duck, String mapping, Path inbox, RawDatabase database) {
        this.duck = duck;
        this.mapping = mapping;
        this.inbox = inbox;
        this.database = database;
    }

    /** @param schemaOnly load the columns only, no rows (to check a mapping against its inputs) */
    void load(MappingInput input, boolean schemaOnly) {
        if (input.isFile()) {
            List<Path> files = files(input);
            for (int i = 0; i < files.size(); i++) {
                loadFile(input, files.get(i), i == 0, schemaOnly);
            }
        } else {
            loadDatabase(input, schemaOnly);
        }
    }

    /** The files of a file input in the inbox, in name order. */
    List<Path> files(MappingInput input) {
        String key = "inputs." + input.name() + ".file";
        if (inbox == null) {
            throw new MappingException(mapping, key, "the run has no inbox directory (--inbox DIR) to find it in");
        }
        String pattern = input.file();
        if (!pattern.matches(".*[*?\\[{].*")) {
            Path file = inbox.resolve(pattern);
            if (!Files.isRegularFile(file)) {
                throw new MappingException(mapping, key, "no file " + pattern + " in " + inbox);
            }
            return List.of(file);
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        try (Stream<Path> walk = Files.walk(inbox)) {
            List<Path> files = walk.filter(Files::isRegularFile)
                    .filter(p -> matcher.matches(inbox.relativize(p)))
                    .sorted()
                    .toList();
            if (files.isEmpty()) {
                throw new MappingException(mapping, key, "no file matches " + pattern + " in " + inbox);
            }
            return files;
        } catch (IOException e) {
            throw new MappingException(mapping, key, "cannot list " + inbox + ": " + e.getMessage());
        }
    }

    private void loadFile(MappingInput input, Path file, boolean first, boolean schemaOnly) {
        String key = "inputs." + input.name() + ".file";
        String name = inbox.relativize(file).toString().replace('\\', '/');
        String table = Sql.name(input.name());
        String limit = schemaOnly ? " LIMIT 0" : "";
        try {
            String read;
            String columns;
            if (MappingInput.CSV.equals(input.format())) {
                String quote = input.quote();
                read = "read_csv(" + Sql.literal(file.toString()) + ", all_varchar = true, header = " + input.header()
                        + ", delim = " + Sql.literal(input.delimiter()) + ", quote = " + Sql.literal(quote)
                        + ", escape = " + Sql.literal(quote) + ", encoding = " + Sql.literal(input.encoding())
                        + ", skip = " + input.skip()
                        + (input.names().isEmpty() ? "" : ", names = " + listOf(input.names())) + ")";
                columns = "*";
            } else {
                // each line one text value: a delimiter no text line has, no quoting
                read = "read_csv(" + Sql.literal(file.toString())
                        + ", columns = {'line': 'VARCHAR'}, delim = chr(31), quote = '', escape = '', header = false,"
                        + " skip = " + input.skip() + ", encoding = " + Sql.literal(input.encoding()) + ")";
                List<String> slices = new ArrayList<>();
                for (Map.Entry<String, int[]> column : input.widths().entrySet()) {
                    int from = column.getValue()[0];
                    int length = column.getValue()[1] - from + 1;
                    slices.add("nullif(trim(substring(line, " + from + ", " + length + ")), '') AS "
                            + Sql.name(column.getKey()));
                }
                columns = String.join(", ", slices);
            }
            try (Statement s = duck.createStatement()) {
                s.execute("CREATE OR REPLACE TEMP TABLE " + LOAD + " AS SELECT * FROM " + read + limit);
            }
            String where = MappingInput.FIXED_WIDTH.equals(input.format()) ? " WHERE trim(line) <> ''" : "";
            String select = "SELECT CAST(" + Sql.literal(name) + " AS VARCHAR) AS _file, CAST(rowid + 1 AS BIGINT)"
                    + " AS _record, CAST(rowid + 1 + " + input.linesBeforeRecords() + " AS BIGINT) AS _line, "
                    + columns + " FROM " + LOAD + where + " ORDER BY rowid";
            try (Statement s = duck.createStatement()) {
                if (first) {
                    s.execute("CREATE OR REPLACE TABLE " + table + " AS " + select);
                } else {
                    List<String> expected = columnsOf(input.name());
                    s.execute("CREATE OR REPLACE TEMP TABLE _mapping_next AS " + select);
                    List<String> found = columnsOf("_mapping_next");
                    if (!found.equals(expected)) {
                        throw new MappingException(
                                mapping,
                                key,
                                name + " has the columns " + found.subList(3, found.size()) + ", the first file "
                                        + expected.subList(3, expected.size()));
                    }
                    s.execute("INSERT INTO " + table + " SELECT * FROM _mapping_next");
                    s.execute("DROP TABLE _mapping_next");
                }
                s.execute("DROP TABLE " + LOAD);
            }
        } catch (SQLException e) {
            throw new MappingException(mapping, key, name + ": " + Sql.message(e), e);
        }
    }

    private void loadDatabase(MappingInput input, boolean schemaOnly) {
        String key = "inputs." + input.name() + "." + (input.table() != null ? "table" : "query");
        if (database == null) {
            throw new MappingException(
                    mapping, key, "the run has no operational database (--jdbc-url) to read it from");
        }
        String query = input.table() != null ? "SELECT * FROM " + input.table() : input.query();
        String label = "jdbc:" + (input.table() != null ? input.table() : input.name());
        try (Connection source = database.open();
                Statement s = source.createStatement()) {
            s.setFetchSize(10_000);
            source.setAutoCommit(false); // PostgreSQL streams a result only inside a transaction
            try (ResultSet rs =
                    s.executeQuery("SELECT * FROM (" + query + ") AS input" + (schemaOnly ? " LIMIT 0" : ""))) {
                ResultSetMetaData meta = rs.getMetaData();
                int n = meta.getColumnCount();
                List<String> columns = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    columns.add(Sql.name(meta.getColumnLabel(i)) + " VARCHAR");
                }
                try (Statement d = duck.createStatement()) {
                    d.execute("CREATE OR REPLACE TABLE " + Sql.name(input.name())
                            + " (_file VARCHAR, _record BIGINT, _line BIGINT, " + String.join(", ", columns) + ")");
                }
                long record = 0;
                try (DuckDBAppender appender =
                        duck.unwrap(DuckDBConnection.class).createAppender("main", input.name())) {
                    while (rs.next()) {
                        record++;
                        appender.beginRow().append(label).append(record).append(record);
                        for (int i = 1; i <= n; i++) {
                            String value = text(rs, i, meta.getColumnTypeName(i));
                            if (value == null) {
                                appender.appendNull();
                            } else {
                                appender.append(value);
                            }
                        }
                        appender.endRow();
                    }
                }
            }
        } catch (SQLException e) {
            throw new MappingException(mapping, key, label + ": " + Sql.message(e), e);
        }
    }

    /** A database value as text: timestamps ISO (with their offset when they have one), decimals plain. */
    private static String text(ResultSet rs, int column, String type) throws SQLException {
        String t = type == null ? "" : type.toLowerCase(Locale.ROOT);
        if (t.equals("timestamptz")) {
            OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
            return value == null ? null : SECONDS.format(value) + fraction(value.getNano()) + value.getOffset();
        }
        if (t.equals("timestamp")) {
            LocalDateTime value = rs.getObject(column, LocalDateTime.class);
            return value == null ? null : SECONDS.format(value) + fraction(value.getNano());
        }
        Object value = rs.getObject(column);
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate().toString();
        }
        return rs.getString(column);
    }

    private static String fraction(int nanos) {
        return nanos == 0 ? "" : String.format(Locale.ROOT, ".%06d", nanos / 1000);
    }

    private List<String> columnsOf(String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (Statement s = duck.createStatement();
                ResultSet rs = s.executeQuery("DESCRIBE " + Sql.name(table))) {
            while (rs.next()) {
                columns.add(rs.getString(1));
            }
        }
        return columns;
    }

    private static String listOf(List<String> names) {
        return "[" + String.join(", ", names.stream().map(Sql::literal).toList()) + "]";
    }
}
