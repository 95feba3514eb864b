package io.clientele.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.jobs.cli.ClienteleCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The public transaction data the tests run (docs/contract.md §5), kept in the repository under
 * src/test/resources/datasets as distributed, and read through the shipped source mappings
 * (examples/mappings) by the ordinary nightly path.
 */
public final class PublicDatasets {

    private PublicDatasets() {}

    /** The CDNOW files: CDNOW_sample.txt and CDNOW_master.txt. */
    public static Path cdnowDir() {
        return Path.of("src/test/resources/datasets/cdnow").toAbsolutePath();
    }

    public static Path cdnowSample() {
        return cdnowDir().resolve("CDNOW_sample.txt");
    }

    /** UCI Online Retail: online_retail.csv.gz. */
    public static Path onlineRetailDir() {
        return Path.of("src/test/resources/datasets/online_retail").toAbsolutePath();
    }

    /** A mapping shipped in examples/mappings. */
    public static Path mapping(String name) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path mapping = dir.resolve("examples/mappings").resolve(name);
            if (Files.exists(mapping)) {
                return mapping;
            }
        }
        throw new IllegalStateException(
                "no examples/mappings/" + name + " above " + Path.of("").toAbsolutePath());
    }

    /**
     * The nightly job run on the raw CDNOW sample through examples/mappings/cdnow.yml as of {@code
     * asOf} (default settings) into {@code dir}/warehouse.
     */
    public static PublishedWarehouse cdnowWarehouse(Path dir, String asOf) {
        assertThat(ClienteleCli.execute(
                        "run",
                        "--date",
                        asOf,
                        "--inbox",
                        cdnowDir().toString(),
                        "--mapping",
                        mapping("cdnow.yml").toString(),
                        "--warehouse",
                        dir.resolve("warehouse").toString()))
                .isZero();
        return new PublishedWarehouse(dir.resolve("warehouse"));
    }

    /**
     * Runs SQL over the raw CDNOW file itself (not the extract, not the warehouse), as table
     * {@code p} (customer, day, value) of its purchases (dollar value above zero): the
     * independent side of the CDNOW checks. Values as text, decimals plain.
     */
    public static List<List<String>> cdnowRawQuery(String sql) {
        String purchases = "SELECT 'CD' || f[2] AS customer, strptime(f[3], '%Y%m%d')::DATE AS day,"
                + " CAST(f[5] AS DECIMAL(18,2)) AS value"
                + " FROM (SELECT string_split_regex(trim(line), '\\s+') AS f FROM read_csv('"
                + cdnowSample() + "', columns={'line': 'VARCHAR'}, delim='\\t', header=false,"
                + " quote='', escape=''))"
                + " WHERE CAST(f[5] AS DECIMAL(18,2)) > 0";
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE p AS " + purchases);
            try (ResultSet rs = s.executeQuery(sql)) {
                int n = rs.getMetaData().getColumnCount();
                List<List<String>> rows = new ArrayList<>();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= n; i++) {
                        Object v = rs.getObject(i);
                        row.add(
                                v == null
                                        ? "NULL"
                                        : v instanceof java.math.BigDecimal d
                                                ? d.stripTrailingZeros().toPlainString()
                                                : v.toString());
                    }
                    rows.add(row);
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("independent query over " + cdnowSample() + ": " + e.getMessage(), e);
        }
    }
}
