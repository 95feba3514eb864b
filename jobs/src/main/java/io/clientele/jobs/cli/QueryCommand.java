package io.clientele.jobs.cli;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "query", mixinStandardHelpOptions = true,
        description = {"Runs read-only SQL on the warehouse (the DuckDB file) and prints the result.",
                "Example: clientele query \"select * from mart_cohort_retention order by 1,2 limit 10\""})
public final class QueryCommand implements Callable<Integer> {

    enum Format { table, csv, json }

    @Parameters(paramLabel = "SQL", description = "The query (DuckDB SQL).")
    String sql;

    @Option(names = "--format", defaultValue = "table", paramLabel = "table|csv|json",
            description = "Output format (default: ${DEFAULT-VALUE}).")
    Format format;

    @Mixin
    WarehouseOption warehouse;

    @Override
    public Integer call() throws Exception {
        Path file = warehouse.directory().resolve("clientele.duckdb");
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("no warehouse at " + file + " (run `clientele demo` or `clientele run` first)");
        }
        Properties readOnly = new Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file, readOnly);
             Statement s = c.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
            try (ResultSet rs = s.executeQuery(sql)) {
                ResultSetMetaData meta = rs.getMetaData();
                List<String> columns = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    columns.add(meta.getColumnLabel(i));
                }
                List<List<Object>> rows = new ArrayList<>();
                while (rs.next()) {
                    List<Object> row = new ArrayList<>(columns.size());
                    for (int i = 1; i <= columns.size(); i++) {
                        row.add(rs.getObject(i));
                    }
                    rows.add(row);
                }
                new QueryResultWriter(columns, rows).write(format.name(), System.out);
            }
        }
        return 0;
    }

    static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        return value.toString();
    }
}
