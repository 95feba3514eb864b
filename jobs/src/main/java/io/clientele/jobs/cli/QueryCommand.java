package io.clientele.jobs.cli;

import io.clientele.warehouse.engine.JdbcValues;
import io.clientele.warehouse.engine.ResultTable;
import io.clientele.warehouse.publish.ReadOnlyWarehouseConnection;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
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
        try (Connection c = ReadOnlyWarehouseConnection.open(file);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            // values as JDBC gives them: the writer prints them
            ResultTable result = JdbcValues.read(rs, UnaryOperator.identity());
            new QueryResultWriter(result.columns(), result.rows()).write(format.name(), System.out);
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
