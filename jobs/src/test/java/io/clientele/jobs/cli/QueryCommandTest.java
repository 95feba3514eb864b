package io.clientele.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.jobs.ClienteleProcess;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class QueryCommandTest {

    @TempDir
    Path dir;

    @Test
    void theTableShowsAtMostMaxRowsAndSaysWhenThereAreMore() throws Exception {
        assertThat(run("SELECT range AS n FROM range(5)", "table", 3)).isEqualTo("""
                n
                -
                0
                1
                2
                ... first 3 rows shown; use --format csv or --format json for all
                """);
        assertThat(run("SELECT range AS n FROM range(3)", "table", 3)).endsWith("2\n(3 rows)\n");
    }

    @Test
    void helpTellsOfTheTableCap() {
        String usage = new CommandLine(new QueryCommand()).getUsageMessage();
        assertThat(usage)
                .contains("--max-rows=N")
                .contains("default: " + QueryResultWriter.DEFAULT_TABLE_ROWS)
                .contains("csv and json stream every row");
    }

    @Test
    void csvQuotesAsRfc4180() throws Exception {
        assertThat(run("SELECT 'a,b' AS \"x,y\", 'say \"hi\"' AS q, NULL AS n, 1.50::DECIMAL(4,2) AS d", "csv", 1))
                .isEqualTo("\"x,y\",q,n,d\n\"a,b\",\"say \"\"hi\"\"\",,1.50\n");
    }

    @Test
    void jsonKeepsItsLayoutOneObjectALine() throws Exception {
        assertThat(run(
                        "SELECT * FROM (VALUES (1, 'x\"y\\' || chr(8) || chr(10), NULL, 1.50::DECIMAL(4,2), true, 'nan'::DOUBLE),"
                                + " (2, 'é', 'z', 0.25::DECIMAL(4,2), false, 2.5::DOUBLE)) t(a, b, c, d, e, f)",
                        "json",
                        1))
                .isEqualTo("""
                        [
                          {"a": 1, "b": "x\\"y\\\\\\u0008\\n", "c": null, "d": 1.50, "e": true, "f": null},
                          {"a": 2, "b": "é", "c": "z", "d": 0.25, "e": false, "f": 2.5}
                        ]
                        """);
        assertThat(run("SELECT 1 AS a WHERE false", "json", 1)).isEqualTo("[\n]\n");
    }

    @Test
    void csvAndJsonStreamMillionsOfRowsThroughASmallHeap() throws Exception {
        Path warehouse = dir.resolve("warehouse");
        Files.createDirectories(warehouse);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + warehouse.resolve("clientele.duckdb"))) {
            c.createStatement().execute("CREATE TABLE t AS SELECT 1 AS x");
        }
        String sql = "SELECT range AS n, 'row ' || range AS label FROM range(2000000)";
        // Held whole, 2M rows of a Long and a String are far more than 64 MiB of heap.
        for (String format : new String[] {"csv", "json"}) {
            ClienteleProcess query = ClienteleProcess.start(
                    dir.resolve("logs"),
                    format,
                    "64m",
                    Map.of(),
                    "query",
                    "--format",
                    format,
                    "--warehouse",
                    warehouse.toString(),
                    sql);
            assertThat(query.waitFor(300)).as(query.err()).isZero();
            long lines = 0;
            String last = null;
            String secondLast = null;
            try (BufferedReader r = Files.newBufferedReader(query.outFile(), StandardCharsets.UTF_8)) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    lines++;
                    secondLast = last;
                    last = line;
                }
            }
            if (format.equals("csv")) {
                assertThat(lines).isEqualTo(2_000_001);
                assertThat(last).isEqualTo("1999999,row 1999999");
            } else {
                assertThat(lines).isEqualTo(2_000_002);
                assertThat(secondLast).isEqualTo("  {\"n\": 1999999, \"label\": \"row 1999999\"}");
                assertThat(last).isEqualTo("]");
            }
        }
    }

    private static String run(String sql, String format, int tableRows) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql);
                PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            new QueryResultWriter(rs, tableRows).write(format, out);
        }
        return bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }
}
