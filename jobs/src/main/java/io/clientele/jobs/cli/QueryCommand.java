package io.clientele.jobs.cli;

import io.clientele.warehouse.publish.ReadOnlyWarehouseConnection;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "query",
        mixinStandardHelpOptions = true,
        description = {
            "Runs read-only SQL on the warehouse (the DuckDB file) and prints the result.",
            "The table format shows the first --max-rows rows; csv and json stream every row.",
            "Example: clientele query \"select * from mart_cohort_retention order by 1,2 limit 10\""
        })
public final class QueryCommand implements Callable<Integer> {

    enum Format {
        table,
        csv,
        json
    }

    /** DuckDB's vector size: it hands a streamed result over in chunks of this many rows. */
    private static final int FETCH_SIZE = 2048;

    @Parameters(paramLabel = "SQL", description = "The query (DuckDB SQL).")
    String sql;

    @Option(
            names = "--format",
            defaultValue = "table",
            paramLabel = "table|csv|json",
            description = "Output format (default: ${DEFAULT-VALUE}). csv and json print all rows, row by row.")
    Format format;

    @Option(
            names = "--max-rows",
            defaultValue = "" + QueryResultWriter.DEFAULT_TABLE_ROWS,
            paramLabel = "N",
            description = "Rows the table format shows at most (default: ${DEFAULT-VALUE}); a note says when "
                    + "there are more. Use --format csv or json for all rows.")
    int maxRows;

    @Mixin
    WarehouseOption warehouse;

    @Override
    public Integer call() throws Exception {
        if (maxRows < 1) {
            throw new IllegalArgumentException("--max-rows must be at least 1");
        }
        Path file = warehouse.layout().duckDbFile();
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(
                    "no warehouse at " + file + " (run `clientele demo` or `clientele run` first)");
        }
        // Streamed: a result of any size passes through in chunks, never whole in the heap.
        try (Connection c = ReadOnlyWarehouseConnection.open(file, true);
                Statement s = c.createStatement()) {
            s.setFetchSize(FETCH_SIZE);
            try (ResultSet rs = s.executeQuery(sql)) {
                new QueryResultWriter(rs, maxRows).write(format.name(), System.out);
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
