package io.clientele.jobs.nightly;

import static org.assertj.core.api.Assertions.assertThat;

import io.clientele.jobs.EngineComparison;
import io.clientele.jobs.PublishedWarehouse;
import io.clientele.jobs.WarehouseCopy;
import io.clientele.jobs.cli.ClienteleCli;
import io.clientele.jobs.erasure.PersonalDataTraces;
import io.clientele.warehouse.engine.ParquetDirectory;
import io.clientele.warehouse.engine.SparkSessionProvider;
import io.clientele.warehouse.engine.SparkSettings;
import io.clientele.warehouse.stage.PersonalDataHasher;
import io.clientele.warehouse.star.StarSchemaBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two engines run the same SQL over the same lake: every star-schema table and every
 * mart must come out equal as {@link EngineComparison} compares them, on the hand-written
 * extract's full and incremental nights. (Spark on the public CDNOW data, on a standalone
 * cluster: SparkStandaloneClusterTest.)
 */
class EngineParityTest {

    static final Path FIXTURE =
            Path.of("src/test/resources/fixtures/three-months").toAbsolutePath();

    /** The hand-written extract's nights, built once for the tests below. */
    @TempDir
    static Path nights;

    static Path sparkWarehouse;
    static Path duckdbWarehouse;
    static Map<String, Map<String, List<String>>> beforeSparkIncremental;
    static Map<String, Map<String, List<String>>> afterSparkIncremental;

    @TempDir
    Path dir;

    /**
     * The hand-written extract on two nights, 2026-03-15 and 2026-04-02. Spark builds the first
     * night in full and the second incrementally; DuckDB rebuilds both nights in full
     * ({@code --full}).
     */
    @BeforeAll
    static void handWrittenNights() throws IOException {
        sparkWarehouse = night(nights.resolve("spark"), "spark", FIXTURE, "2026-03-15");
        beforeSparkIncremental = IncrementalNightTest.partitionFiles(sparkWarehouse);
        night(sparkWarehouse, "spark", FIXTURE, "2026-04-02");
        afterSparkIncremental = IncrementalNightTest.partitionFiles(sparkWarehouse);
        duckdbWarehouse = night(nights.resolve("duckdb"), "duckdb", FIXTURE, "2026-03-15", "--full");
        night(duckdbWarehouse, "duckdb", FIXTURE, "2026-04-02", "--full");
    }

    private static Path night(Path warehouse, String engine, Path inbox, String date, String... options)
            throws IOException {
        // one salt for both, as if the same warehouse, so that the email and phone hashes compare
        Files.createDirectories(warehouse.resolve("meta"));
        Files.writeString(warehouse.resolve("meta/pii-salt"), "parity-test-salt");
        List<String> args = new java.util.ArrayList<>(List.of(
                "run",
                "--date",
                date,
                "--inbox",
                inbox.toString(),
                "--engine",
                engine,
                "--warehouse",
                warehouse.toString()));
        args.addAll(List.of(options));
        assertThat(ClienteleCli.execute(args.toArray(String[]::new))).isZero();
        return warehouse;
    }

    /**
     * Every table of the two warehouses equal after the second night, partitions too; Spark's
     * incremental night rewrote the partitions of March and April and left January's and
     * February's files as they were (same inode, same mtime).
     */
    @Test
    void bothEnginesGiveEqualTablesOnTheHandWrittenExtract() throws IOException {
        Map<String, Map<String, List<String>>> before = beforeSparkIncremental;
        Map<String, Map<String, List<String>>> after = afterSparkIncremental;
        for (String table : List.of("fact_order", "fact_order_line", "fact_customer_month")) {
            assertThat(IncrementalNightTest.kept(before, after, table))
                    .as(table)
                    .contains("2026-01", "2026-02");
            assertThat(IncrementalNightTest.rewritten(before, after, table))
                    .as(table)
                    .contains("2026-03", "2026-04");
        }
        for (String table : StarSchemaBuilder.partitioned()) {
            assertThat(IncrementalNightTest.partitionNames(
                            sparkWarehouse.resolve("lake").resolve(table)))
                    .as(table)
                    .isEqualTo(IncrementalNightTest.partitionNames(
                            duckdbWarehouse.resolve("lake").resolve(table)))
                    .isNotEmpty();
        }
        Map<String, List<List<String>>> duckdb =
                EngineComparison.withoutChurnFit(new PublishedWarehouse(duckdbWarehouse));
        assertThat(duckdb.get("mart_churn_monthly")).isNotEmpty();
        // the predict stage's SQL (customer_summary, the contract lifetimes behind mart_contract_retention)
        // and the fits on its output
        assertThat(duckdb.get("customer_summary")).hasSize(10);
        assertThat(duckdb.get("mart_contract_retention")).isNotEmpty();
        assertThat(duckdb.get("model_fit")).isNotEmpty();
        EngineComparison.assertSameWarehouse(duckdbWarehouse, sparkWarehouse);
    }

    /**
     * {@code clientele forget} on the Spark-written warehouse (a copy). Spark writes a checksum
     * file beside each Parquet file; the erasure rewrites the file and drops the checksum, so Spark
     * reads the rewritten files without complaint (a stale checksum would fail the read). Every
     * Parquet table directory under state/, lake/, predict/ and marts/ is read back with Spark, as
     * many rows as DuckDB reads. (The erasure itself, and that a later night keeps the customer
     * erased, do not depend on the engine: ForgetCustomerTest.)
     */
    @Test
    void forgettingACustomerInASparkWrittenWarehouseLeavesFilesSparkReads() throws Exception {
        Path warehouse = dir.resolve("forget");
        WarehouseCopy.copyTree(sparkWarehouse, warehouse);
        try (Stream<Path> files = Files.walk(warehouse.resolve("state/customers"))) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.endsWith(".parquet.crc"));
        }
        PersonalDataHasher hasher = new PersonalDataHasher(
                Files.readString(warehouse.resolve("meta/pii-salt")).strip());
        List<String> secrets = List.of(
                "Ada Lund",
                "Aarhus",
                "ada@example.com",
                "+4520000001",
                hasher.hash("ada@example.com"),
                hasher.hash("+4520000001"));
        assertThat(PersonalDataTraces.of(warehouse, secrets)).isNotEmpty();

        assertThat(ClienteleCli.execute("forget", "--customer", "C01", "--warehouse", warehouse.toString()))
                .isZero();
        assertThat(PersonalDataTraces.of(warehouse, secrets)).isEmpty();

        SparkSession spark = SparkSessionProvider.get(SparkSettings.local(dir.resolve("spark")));
        List<Path> tables = new ArrayList<>();
        for (String area : List.of("state", "lake", "predict", "marts")) {
            try (Stream<Path> dirs = Files.walk(warehouse.resolve(area))) {
                dirs.filter(Files::isDirectory)
                        .filter(d -> !d.getFileName().toString().contains("="))
                        .filter(ParquetDirectory::hasParquetFiles)
                        .filter(d -> !ParquetDirectory.hasParquetFiles(d.getParent())
                                || d.getParent().endsWith(area))
                        .forEach(tables::add);
            }
        }
        assertThat(tables).anyMatch(t -> t.endsWith("state/customers")).anyMatch(t -> t.endsWith("dim_customer"));
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            for (Path table : tables) {
                long sparkRows =
                        spark.read().parquet(table.toString()).collectAsList().size();
                try (ResultSet r = s.executeQuery("SELECT count(*) FROM read_parquet('"
                        + table.toString().replace("'", "''") + "/**/*.parquet')")) {
                    r.next();
                    assertThat(sparkRows).as(table.toString()).isEqualTo(r.getLong(1));
                }
            }
        }
    }
}
