import io.clientele.schemas.ColumnContract;
import io.clientele.schemas.SourceContract;
import io.clientele.schemas.SourceContracts;
import io.clientele.warehouse.catalog.Catalog;
import io.clientele.warehouse.catalog.TableManifest;
import io.clientele.warehouse.engine.SqlDialect;
import io.clientele.warehouse.engine.SqlTemplate;
import io.clientele.warehouse.layout.RunSettings;
import io.clientele.warehouse.star.StarSchemaPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The plain baseline of the performance budget "the whole night within 1.5× of a plain
 * single-DuckDB build of the same descriptive work": one process, one in-memory DuckDB database
 * with Clientele's default memory limit, and nothing else. It reads the extract's CSV files with
 * read_csv, upserts them, builds the star schema (dim_customer SCD type 2, the customer-month
 * snapshot) and the descriptive marts as DuckDB tables. No Parquet lake, no staging passes, no
 * Spring Batch, no rejects table, no models, no checks, no published file.
 *
 * <p>What it shares with Clientele, and what not:
 * <ul>
 * <li>Load and upsert are its own, the simplest SQL the contract allows: each file read as text,
 *     typed and folded by the source contracts (schemas/sources/*.json), rows the contract refuses
 *     left out (not reported), and per natural key the row with the latest updated_at, on a tie
 *     the later line (docs/contract.md §4.2), found by a GROUP BY. Customers also keep every
 *     version (one per customer and version time) for the type-2 dimension.
 * <li>The star schema and the marts are the project's own SQL files (warehouse/sql/star, marts),
 *     rendered as the warehouse renders them (SqlTemplate, the DuckDB dialect, the run's default
 *     parameters; the warehouse jar is on the class path) and run in the manifests' build order as
 *     CREATE TABLE. "The same marts" then holds by construction, and the ratio to the whole night
 *     measures Clientele's machinery, not a different formulation of the metrics.
 * <li>The descriptive marts are those whose manifests depend on the star schema alone (directly
 *     or through other such marts): the marts that read the models' output are left out.
 * </ul>
 *
 * <p>It checks itself: with {@code --compare FILE} (a clientele.duckdb built from the same
 * files as of the same date) every descriptive mart must equal the published one, EXCEPT ALL both
 * ways with doubles rounded to 9 places; a mismatch names the mart and exits 1.
 *
 * <pre>
 * java -cp "jobs/target/clientele-app/lib/*" bench/PlainDuckDbBaseline.java --inbox DIR --date YYYY-MM-DD
 *     --memory-limit LIMIT [--temp DIR] [--compare WAREHOUSE/clientele.duckdb]
 * </pre>
 * bench/benchmark.sh passes clientele.duckdb.memory-limit (its environment variable, else the
 * default of application.yml). Prints one line per table, then {@code timing: load S upsert S star S snapshot S marts S check S}
 * (seconds) and the check's verdict.
 */
public class PlainDuckDbBaseline {

    static final String SNAPSHOT = "fact_customer_month";
    static final String HISTORY = "customers_history";
    /** Fixed: the hashes only have to tell values apart; Clientele's salt is its warehouse's secret. */
    static final String SALT = "plain-baseline";

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        if (!options.keySet().containsAll(List.of("--inbox", "--date", "--memory-limit"))) {
            System.err.println("usage: PlainDuckDbBaseline --inbox DIR --date YYYY-MM-DD --memory-limit 1.5GB"
                    + " [--temp DIR] [--compare WAREHOUSE/clientele.duckdb]");
            System.exit(2);
        }
        Path inbox = Path.of(options.get("--inbox"));
        LocalDate date = LocalDate.parse(options.get("--date"));
        Path temp = Path.of(options.getOrDefault("--temp", System.getProperty("java.io.tmpdir") + "/plain-baseline"));
        Files.createDirectories(temp);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            // Clientele's database settings (DuckDbDatabase): its memory limit, spilling, UTC
            s.execute("SET memory_limit = '" + options.get("--memory-limit") + "'");
            s.execute("SET temp_directory = '" + temp + "'");
            s.execute("SET TimeZone = 'UTC'");
            s.execute("SET preserve_insertion_order = false");
            PlainDuckDbBaseline baseline = new PlainDuckDbBaseline(s, date);
            long t0 = System.nanoTime();
            for (SourceContract source : SourceContracts.all()) {
                baseline.load(source, inbox);
            }
            long t1 = System.nanoTime();
            for (SourceContract source : SourceContracts.all()) {
                baseline.upsert(source);
            }
            long t2 = System.nanoTime();
            long snapshot = baseline.star();
            long t3 = System.nanoTime();
            List<String> marts = baseline.marts();
            long t4 = System.nanoTime();
            String verdict = options.containsKey("--compare")
                    ? baseline.compare(marts, Path.of(options.get("--compare")))
                    : null;
            long t5 = System.nanoTime();
            System.out.printf(
                    Locale.ROOT,
                    "timing: load %.2f upsert %.2f star %.2f snapshot %.2f marts %.2f check %.2f%n",
                    (t1 - t0) / 1e9,
                    (t2 - t1) / 1e9,
                    (t3 - t2 - snapshot) / 1e9,
                    snapshot / 1e9,
                    (t4 - t3) / 1e9,
                    (t5 - t4) / 1e9);
            if (verdict != null) {
                System.out.println(verdict);
                if (!verdict.startsWith("baseline check: equal")) {
                    System.exit(1);
                }
            }
        }
    }

    private final Statement s;
    private final LocalDate date;
    private final Map<String, String> parameters;
    private final SqlDialect dialect = new SqlDialect.DuckDb();

    PlainDuckDbBaseline(Statement s, LocalDate date) {
        this.s = s;
        this.date = date;
        // the defaults of application.yml, which RunSettings carries too
        this.parameters = new HashMap<>(new RunSettings(
                        date,
                        RunSettings.DEFAULT_INACTIVITY_DAYS,
                        RunSettings.DEFAULT_COMPLAINT_DEADLINE_DAYS,
                        SALT,
                        RunSettings.DEFAULT_CHURN_REASON_DAYS)
                .sqlParameters());
    }

    /**
     * {@code typed_<source>}: the file's rows that the contract accepts, typed, with their line
     * (the order of the file) and their place in the key's order ({@code _ord}, greatest wins).
     */
    void load(SourceContract source, Path inbox) throws SQLException {
        long started = System.nanoTime();
        Path file = inbox.resolve(source.source() + ".csv");
        if (!Files.exists(file)) {
            file = inbox.resolve(source.source() + ".csv.gz");
        }
        String raw;
        Set<String> header = new HashSet<>();
        if (Files.exists(file)) {
            // the file's order is the tie-break of §4.2: kept while reading, numbered by rowid
            s.execute("SET preserve_insertion_order = true");
            s.execute("CREATE TEMP TABLE raw AS SELECT * FROM read_csv('" + file
                    + "', header = true, all_varchar = true, delim = ',', quote = '\"', escape = '\"')");
            s.execute("SET preserve_insertion_order = false");
            try (ResultSet rs = s.executeQuery("SELECT column_name FROM (DESCRIBE raw)")) {
                while (rs.next()) {
                    header.add(rs.getString(1).toLowerCase(Locale.ROOT));
                }
            }
            raw = "(SELECT *, rowid + 2 AS _line FROM raw)";
        } else {
            raw = "(SELECT CAST(NULL AS BIGINT) AS _line WHERE false)";
        }
        List<String> typed = new ArrayList<>();
        List<String> valueOk = new ArrayList<>(); // over the file's text and its typed value
        List<String> rowOk = new ArrayList<>(); // over the typed row
        for (ColumnContract column : source.columns()) {
            String v = header.contains(column.name())
                    ? "nullif(trim(r.\"" + column.name() + "\"), '')"
                    : "CAST(NULL AS VARCHAR)";
            if (column.defaultValue() != null) {
                v = "coalesce(" + v + ", '" + column.defaultValue() + "')";
            }
            String value = typed(column, v);
            typed.add(value + " AS " + column.name());
            valueOk.add("(" + v + " IS NULL AND " + !column.required() + " OR " + value + " IS NOT NULL"
                    + (column.min() != null ? " AND " + value + " >= " + column.min() : "")
                    + (column.max() != null ? " AND " + value + " <= " + column.max() : "") + ")");
            if (column.rangeBy() != null) {
                rowOk.add("(" + column.name() + " IS NULL OR CASE " + column.rangeBy().column()
                        + column.rangeBy().ranges().entrySet().stream()
                                .map(e -> " WHEN '" + e.getKey() + "' THEN " + column.name() + " BETWEEN "
                                        + e.getValue().get(0) + " AND " + e.getValue().get(1))
                                .collect(Collectors.joining())
                        + " ELSE true END)");
            }
        }
        rowOk.add("true");
        String version = source.versionColumn() == null
                ? "0"
                : "CASE WHEN " + source.versionColumn() + " IS NULL THEN 0 ELSE epoch_us(" + source.versionColumn()
                        + ") + 4611686018427387904 END";
        // _ord: the version time (none = 0, losing to any), then the line, as one number
        s.execute("CREATE TEMP TABLE typed_" + source.source() + " AS SELECT *, CAST(" + version
                + " AS HUGEINT) * 1099511627776 + _line AS _ord FROM (SELECT " + String.join(", ", typed)
                + ", r._line FROM " + raw + " r WHERE " + String.join(" AND ", valueOk) + ") t WHERE "
                + String.join(" AND ", rowOk));
        s.execute("DROP TABLE IF EXISTS raw");
        report("load " + source.source(), "typed_" + source.source(), started);
    }

    /** A column's text as the contract's type, canonical as Clientele stages it; null when it does not parse. */
    private static String typed(ColumnContract column, String v) {
        return switch (column.type()) {
            case "string" -> {
                if (!column.enumeration().isEmpty()) {
                    yield "CASE lower(" + v + ")" + column.enumeration().stream()
                            .map(e -> " WHEN '" + e.toLowerCase(Locale.ROOT) + "' THEN '" + e + "'")
                            .collect(Collectors.joining()) + " END";
                }
                if (column.hashed()) {
                    yield "sha256('" + SALT + "' || lower(" + v + "))";
                }
                yield column.foldsToLowerCase() ? "lower(" + v + ")" : v;
            }
            // whole numbers only: 4.0 is 4, 4.5 is refused
            case "integer" -> "CASE WHEN TRY_CAST(" + v + " AS DOUBLE) % 1 = 0 THEN TRY_CAST(TRY_CAST(" + v
                    + " AS DOUBLE) AS INT) END";
            case "decimal" -> "TRY_CAST(" + v + " AS DECIMAL(18,4))";
            case "date" -> "TRY_CAST(" + v + " AS DATE)";
            // a time without offset is UTC already; a longer one (a fraction, an offset) is converted to UTC,
            // which is eight times slower
            case "timestamp" -> "CASE WHEN strlen(" + v + ") <= 19 THEN TRY_CAST(" + v
                    + " AS TIMESTAMP) ELSE CAST(TRY_CAST(" + v + " AS TIMESTAMPTZ) AS TIMESTAMP) END";
            case "boolean" -> "CASE lower(" + v + ") WHEN 'true' THEN true WHEN 'false' THEN false END";
            case "month" -> "CASE WHEN regexp_full_match(" + v + ", '[0-9]{4}-(0[1-9]|1[0-2])') THEN " + v + " END";
            default -> throw new IllegalArgumentException("unknown type " + column.type());
        };
    }

    /**
     * {@code stg_<source>}: the latest row per natural key (§4.2); for customers also
     * {@code stg_customers_history}, one row per customer and version time, the later line winning.
     * The star schema's SQL reads the columns {@code _run} (the night, here D) and {@code _line}.
     */
    void upsert(SourceContract source) throws SQLException {
        String typed = "typed_" + source.source();
        String key = String.join(", ", source.naturalKey());
        String columns = String.join(", ", source.columnNames()) + ", '" + date + "' AS _run, _line";
        s.execute("CREATE TABLE stg_" + source.source() + " AS SELECT " + columns + " FROM " + typed
                + " WHERE _ord IN (SELECT max(_ord) FROM " + typed + " GROUP BY " + key + ")");
        if (source.source().equals("customers")) {
            s.execute("CREATE TABLE stg_" + HISTORY + " AS SELECT " + columns + " FROM " + typed
                    + " WHERE _line IN (SELECT max(_line) FROM " + typed + " GROUP BY " + key
                    + ", coalesce(updated_at, TIMESTAMP '" + date + "'))");
        }
        s.execute("DROP TABLE " + typed);
    }

    /** The star schema in build order; returns the nanoseconds the customer-month snapshot took. */
    long star() throws SQLException {
        StarSchemaPlan plan = StarSchemaPlan.load();
        LocalDate first = date;
        for (Map.Entry<String, String> event : plan.firstEvents().entrySet()) {
            try (ResultSet rs = s.executeQuery(
                    "SELECT CAST(min(CAST(" + event.getValue() + " AS DATE)) AS VARCHAR) FROM " + event.getKey())) {
                rs.next();
                if (rs.getString(1) != null && LocalDate.parse(rs.getString(1)).isBefore(first)) {
                    first = LocalDate.parse(rs.getString(1));
                }
            }
        }
        parameters.put("first_date", "DATE '" + first + "'");
        List<String> months = new ArrayList<>();
        for (YearMonth m = YearMonth.from(first); !m.isAfter(YearMonth.from(date)); m = m.plusMonths(1)) {
            months.add("'" + m + "'");
        }
        parameters.put("rebuild_months", "(" + String.join(", ", months) + ")");
        long snapshot = 0;
        for (String table : plan.tables()) {
            long started = System.nanoTime();
            String sql = SqlTemplate.load("star/" + table + ".sql").render(dialect, parameters);
            // a partitioned fact's partition key names Clientele's directories; its readers never see it
            create(table, plan.isPartitioned(table)
                    ? "SELECT * EXCLUDE (" + StarSchemaPlan.PARTITION_COLUMN + ") FROM (" + sql + ")"
                    : sql, started);
            if (table.equals(SNAPSHOT)) {
                snapshot = System.nanoTime() - started;
            }
        }
        // only the star schema reads the staged sources: their memory is the marts' now
        for (SourceContract source : SourceContracts.all()) {
            s.execute("DROP TABLE stg_" + source.source());
        }
        s.execute("DROP TABLE stg_" + HISTORY);
        return snapshot;
    }

    /** The descriptive marts in build order; returns their names. */
    List<String> marts() throws SQLException {
        List<String> marts = descriptiveMarts();
        for (String mart : marts) {
            create(mart, SqlTemplate.load("marts/" + mart + ".sql").render(dialect, parameters), System.nanoTime());
        }
        return marts;
    }

    /** The marts whose manifests name only star-schema tables and other such marts. */
    static List<String> descriptiveMarts() {
        Catalog catalog = Catalog.load();
        Set<String> allowed = new HashSet<>(catalog.names("star"));
        List<String> marts = new ArrayList<>();
        for (TableManifest mart : catalog.layer("marts")) {
            if (allowed.containsAll(mart.dependsOn())) {
                marts.add(mart.name());
                allowed.add(mart.name());
            }
        }
        return marts;
    }

    private void create(String table, String sql, long started) throws SQLException {
        s.execute("CREATE TABLE " + table + " AS " + sql);
        report(table, table, started);
    }

    private void report(String step, String table, long started) throws SQLException {
        System.out.printf(
                Locale.ROOT, "%s: %d rows (%d ms)%n", step, count(table), (System.nanoTime() - started) / 1_000_000);
    }

    /** Every mart against the published one of {@code file}: a one-line verdict. */
    String compare(List<String> marts, Path file) throws SQLException {
        s.execute("ATTACH '" + file + "' AS clientele (READ_ONLY)");
        for (String mart : marts) {
            List<String> columns = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT column_name, column_type FROM (DESCRIBE " + mart + ")")) {
                while (rs.next()) {
                    String name = "\"" + rs.getString(1) + "\"";
                    String type = rs.getString(2);
                    columns.add(type.equals("DOUBLE") || type.equals("FLOAT") ? "round(" + name + ", 9)" : name);
                }
            }
            String projection = String.join(", ", columns);
            String plain = "SELECT " + projection + " FROM memory.main." + mart;
            String published = "SELECT " + projection + " FROM clientele.main." + mart;
            long onlyPlain;
            long onlyPublished;
            try {
                onlyPlain = count("(" + plain + " EXCEPT ALL " + published + ")");
                onlyPublished = count("(" + published + " EXCEPT ALL " + plain + ")");
            } catch (SQLException e) {
                return "baseline check: MISMATCH in " + mart + ": " + e.getMessage().lines().findFirst().orElse("");
            }
            if (onlyPlain + onlyPublished > 0) {
                return "baseline check: MISMATCH in " + mart + ": " + onlyPlain + " rows only in the baseline, "
                        + onlyPublished + " only in " + file;
            }
        }
        return "baseline check: equal, " + marts.size() + " descriptive marts (" + String.join(", ", marts)
                + ") against " + file;
    }

    private long count(String relation) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + relation)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
