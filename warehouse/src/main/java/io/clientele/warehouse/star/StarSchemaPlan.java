package io.clientele.warehouse.star;

import io.clientele.warehouse.catalog.Catalog;
import io.clientele.warehouse.catalog.TableManifest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the star schema is made of, read from the manifests of {@code warehouse/sql/star/}
 * (docs/adding-a-table.md): the tables in build order (each after what its depends_on names),
 * the facts kept as monthly partitions with their incremental rules, the sources and lake
 * tables those rules compare, and the event stamps the calendar starts from.
 */
public record StarSchemaPlan(
        List<String> tables,
        Map<String, String> partitioned,
        List<String> deltaSources,
        List<String> comparedTables,
        Map<String, String> firstEvents) {

    /** The partition key: each partitioned star-schema SQL computes it; it names directories, not a column. */
    public static final String PARTITION_COLUMN = "month";
    /** The rules every incremental night runs, besides each partitioned fact's own. */
    static final List<String> SHARED_RULES = List.of(
            "star/incremental/changed_rows.sql",
            "star/incremental/touched_rows.sql",
            "star/incremental/changed_customers.sql");

    public StarSchemaPlan {
        tables = List.copyOf(tables);
        partitioned = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(partitioned));
        deltaSources = List.copyOf(deltaSources);
        comparedTables = List.copyOf(comparedTables);
        firstEvents = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(firstEvents));
    }

    /** The plan of the warehouse's manifests. */
    public static StarSchemaPlan load() {
        return of(Catalog.load());
    }

    public static StarSchemaPlan of(Catalog catalog) {
        List<String> tables = new ArrayList<>();
        Map<String, String> partitioned = new LinkedHashMap<>();
        LinkedHashSet<String> delta = new LinkedHashSet<>();
        LinkedHashSet<String> compared = new LinkedHashSet<>();
        Map<String, String> firstEvents = new LinkedHashMap<>();
        for (TableManifest table : catalog.layer("star")) {
            tables.add(table.name());
            Optional<String> partition = table.partitionedBy();
            if (partition.isPresent()) {
                if (!partition.get().equals(PARTITION_COLUMN)) {
                    throw new IllegalArgumentException(table.path() + ": the star schema partitions by "
                            + PARTITION_COLUMN + ", not " + partition.get());
                }
                partitioned.put(
                        table.name(),
                        table.incremental()
                                .orElseThrow(() -> new IllegalArgumentException(table.path()
                                        + ": a partitioned fact needs its incremental rule ('incremental')")));
            }
            delta.addAll(table.deltaSources());
            if (table.comparedByIncremental()) {
                compared.add(table.name());
            }
            table.firstEvent().ifPresent(event -> {
                int dot = event.indexOf('.');
                if (dot <= 0) {
                    throw new IllegalArgumentException(table.path() + ": first_event is stg_<source>.<column>");
                }
                firstEvents.put(event.substring(0, dot), event.substring(dot + 1));
            });
        }
        return new StarSchemaPlan(tables, partitioned, List.copyOf(delta), List.copyOf(compared), firstEvents);
    }

    public boolean isPartitioned(String table) {
        return partitioned.containsKey(table);
    }

    /** The facts kept as monthly partitions, in build order. */
    public List<String> partitionedTables() {
        return List.copyOf(partitioned.keySet());
    }

    /** Every SQL file the lake's tables are a function of: the tables', then the incremental rules. */
    public List<String> sqlFiles() {
        List<String> files = new ArrayList<>();
        tables.forEach(t -> files.add("star/" + t + ".sql"));
        files.addAll(partitioned.values());
        files.addAll(SHARED_RULES);
        return files;
    }
}
