package io.clientele.warehouse.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The manifests beside the SQL: parsed strictly, one per table SQL file, each with its grain
 * atop its SQL, and a depends_on that says exactly which tables its SQL reads.
 */
class CatalogTest {

    private static final Pattern READS = Pattern.compile("(?i)\\b(?:FROM|JOIN)\\s+([a-z_][a-z0-9_]*)");
    private static final Pattern CTE = Pattern.compile("(?i)\\b([a-z_][a-z0-9_]*)\\s+AS\\s*\\(");
    private static final Pattern LAKE = Pattern.compile("\\blake_([a-z0-9_]+)");
    private static final Pattern DELTA = Pattern.compile("\\bdelta_([a-z0-9_]+)");

    private final Catalog catalog = Catalog.load();

    /** The tables (and views) a SQL text reads: what FROM and JOIN name, less its own CTEs; comments left out. */
    static Set<String> reads(String sql) {
        String code = sql.replaceAll("--[^\\n]*", "");
        Set<String> ctes = new TreeSet<>();
        for (Matcher m = CTE.matcher(code); m.find(); ) {
            ctes.add(m.group(1).toLowerCase());
        }
        Set<String> reads = new TreeSet<>();
        for (Matcher m = READS.matcher(code); m.find(); ) {
            reads.add(m.group(1).toLowerCase());
        }
        reads.removeAll(ctes);
        return reads;
    }

    private static Set<String> matches(Pattern pattern, String sql) {
        Set<String> found = new TreeSet<>();
        for (Matcher m = pattern.matcher(sql.replaceAll("--[^\\n]*", "")); m.find(); ) {
            found.add(m.group(1));
        }
        return found;
    }

    @Test
    void everyTableSqlFileHasAManifestAndEveryManifestDescribesItsColumns() {
        for (String sql : SqlFiles.list(".sql")) {
            String folder = sql.substring(0, sql.lastIndexOf('/'));
            if (Set.of("star", "marts", "predict", "publish").contains(folder)) {
                String table = sql.substring(folder.length() + 1, sql.length() - ".sql".length());
                assertThat(catalog.find(table))
                        .as("a manifest warehouse/sql/%s/%s.yml", folder, table)
                        .isPresent();
            }
        }
        assertThat(catalog.tables()).hasSizeGreaterThan(30).allSatisfy(t -> {
            assertThat(t.columns()).as(t.path()).isNotEmpty();
            assertThat(t.grain()).as(t.path()).endsWith(".");
        });
    }

    @Test
    void dependsOnIsWhatTheSqlReads() {
        for (TableManifest table : catalog.tables()) {
            if (SqlFiles.exists(table.sqlPath())) {
                assertThat(new TreeSet<>(table.dependsOn()))
                        .as("depends_on of %s against the tables its SQL reads", table.path())
                        .isEqualTo(reads(SqlFiles.read(table.sqlPath())));
            }
        }
    }

    @Test
    void theGrainIsAtopEachTablesSql() {
        for (TableManifest table : catalog.tables()) {
            if (SqlFiles.exists(table.sqlPath())) {
                assertThat(SqlFiles.read(table.sqlPath()))
                        .as(table.sqlPath())
                        .startsWith("-- " + table.name() + " — grain: ");
            }
        }
    }

    @Test
    void theIncrementalFieldsAreWhatTheIncrementalRulesRead() {
        Set<String> compared = new TreeSet<>();
        for (TableManifest table : catalog.layer("star")) {
            if (table.comparedByIncremental()) {
                compared.add(table.name());
            }
            table.incremental().ifPresent(rule -> {
                assertThat(SqlFiles.exists(rule)).as(rule).isTrue();
                assertThat(new TreeSet<>(table.deltaSources()))
                        .as("delta_sources of %s", table.path())
                        .isEqualTo(matches(DELTA, SqlFiles.read(rule)));
            });
        }
        Set<String> readFromLake = new TreeSet<>();
        for (String rule : SqlFiles.list(".sql")) {
            if (rule.startsWith("star/incremental/")) {
                readFromLake.addAll(matches(LAKE, SqlFiles.read(rule)));
            }
        }
        assertThat(compared).containsAll(readFromLake);
    }

    @Test
    void theStarSchemaIsBuiltInDependencyOrder() {
        var order = catalog.names("star");
        for (TableManifest table : catalog.layer("star")) {
            for (String dependency : table.dependsOn()) {
                if (order.contains(dependency)) {
                    assertThat(order.indexOf(dependency))
                            .as("%s before %s", dependency, table.name())
                            .isLessThan(order.indexOf(table.name()));
                }
            }
        }
        assertThat(order).startsWith("dim_customer", "dim_date", "dim_product").hasSize(11);
    }

    @Test
    void anUnknownKeyFailsWithOneLineNamingTheFileAndTheKey() {
        assertThatThrownBy(() -> Catalog.of(Map.of("marts/mart_x.yml", """
                layer: marts
                grain: One thing.
                description: A mart.
                published_as: table
                colums:
                  a: The a.
                """)))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage())
                        .doesNotContain("\n")
                        .startsWith("warehouse/sql/marts/mart_x.yml: unknown key 'colums' at line 5"));
        assertThatThrownBy(() -> Catalog.of(Map.of("star/fact_x.yml", """
                layer: star
                grain: One thing.
                description: A fact.
                published_as: view
                foreign_keys:
                  a: {references: dim_x.a, nullable_when: b}
                columns:
                  a: The a.
                """)))
                .hasMessageStartingWith("warehouse/sql/star/fact_x.yml: unknown key 'nullable_when'")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aManifestMustDescribeWhatItNames() {
        assertThatThrownBy(() -> Catalog.of(Map.of("marts/mart_x.yml", """
                layer: marts
                grain: One thing.
                description: A mart.
                key: [b]
                published_as: table
                columns:
                  a: The a.
                """)))
                .hasMessage("warehouse/sql/marts/mart_x.yml: key names 'b', which is not in its columns");
        assertThatThrownBy(() -> Catalog.of(Map.of("marts/mart_x.yml", """
                layer: star
                grain: One thing.
                description: A mart.
                published_as: table
                columns:
                  a: The a.
                """)))
                .hasMessage("warehouse/sql/marts/mart_x.yml: layer 'star' but the file is in warehouse/sql/marts/");
        assertThatThrownBy(() -> Catalog.of(Map.of("marts/mart_x.yml", """
                layer: marts
                grain: One thing.
                description: A mart.
                published_as: sometimes
                columns:
                  a: The a.
                """)))
                .hasMessageStartingWith("warehouse/sql/marts/mart_x.yml: invalid value 'sometimes'")
                .hasMessageNotContaining("\n");
    }
}
