package io.clientele.warehouse.star;

import static io.clientele.warehouse.star.StarSchemaPlan.PARTITION_COLUMN;

import io.clientele.warehouse.engine.Engine;
import io.clientele.warehouse.engine.ParquetDirectory;
import io.clientele.warehouse.engine.ParquetTarget;
import io.clientele.warehouse.engine.SqlTemplate;
import io.clientele.warehouse.layout.WarehouseLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A partitioned fact of the night: the months it rewrites, written beside the night's table,
 * then assembled with (on an incremental night) every other partition of the published table,
 * hard-linked so its files keep their inode and mtime.
 */
final class PartitionAssembly {

    private final WarehouseLayout layout;
    private final LocalDate runDate;

    PartitionAssembly(WarehouseLayout layout, LocalDate runDate) {
        this.layout = layout;
        this.runDate = runDate;
    }

    /** Writes the given months of a partitioned fact beside the night's table; @return rows written */
    long writePartitions(Engine engine, String table, Map<String, String> parameters, List<String> months) {
        Path rewritten = rewrittenPartitions(table);
        ParquetDirectory.deleteRecursively(rewritten);
        if (months.isEmpty()) {
            return 0;
        }
        Map<String, String> restricted = new HashMap<>(parameters);
        restricted.put(
                "rebuild_months", months.stream().map(m -> "'" + m + "'").collect(Collectors.joining(", ", "(", ")")));
        String sql = SqlTemplate.load("star/" + table + ".sql").render(engine.dialect(), restricted);
        long n = engine.materialize(table, sql, ParquetTarget.partitioned(rewritten, PARTITION_COLUMN));
        engine.drop(table);
        return n;
    }

    /** Rows of the assembled table (partitions linked from the lake included). */
    long countAssembled(Engine engine, String table) {
        if (!ParquetDirectory.hasParquetFiles(layout.workLakeTable(runDate, table))) {
            return 0;
        }
        engine.registerParquet("built_" + table, layout.workLakeTable(runDate, table));
        return ((Number) engine.query("SELECT count(*) FROM built_" + table).scalar()).longValue();
    }

    private Path rewrittenPartitions(String table) {
        return layout.workLakeTable(runDate, table).resolveSibling("." + table + ".rewritten");
    }

    /**
     * Makes the night's table: the rewritten partitions, plus (incremental) every other
     * partition of the published table, hard-linked so its files are not rewritten.
     */
    void assemble(String table, List<String> months, boolean incremental) {
        Path target = layout.workLakeTable(runDate, table);
        Path rewritten = rewrittenPartitions(table);
        Path published = layout.lakeTable(table);
        Set<String> replaced =
                months.stream().map(m -> PARTITION_COLUMN + "=" + m).collect(Collectors.toSet());
        try {
            ParquetDirectory.deleteRecursively(target);
            Files.createDirectories(target);
            if (incremental) {
                for (Path partition : partitions(published)) {
                    if (!replaced.contains(partition.getFileName().toString())) {
                        link(partition, target.resolve(partition.getFileName().toString()));
                    }
                }
            }
            for (Path partition : partitions(rewritten)) {
                Files.move(
                        partition, target.resolve(partition.getFileName().toString()), StandardCopyOption.ATOMIC_MOVE);
            }
            if (partitions(target).isEmpty()) {
                // No month has rows: keep the one schema-only file the write (or the lake) holds.
                Path from = ParquetDirectory.hasParquetFiles(rewritten) ? rewritten : published;
                for (Path file : rootParquetFiles(from)) {
                    link(file, target.resolve(file.getFileName().toString()));
                }
            }
            ParquetDirectory.deleteRecursively(rewritten);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot assemble " + target, e);
        }
    }

    private static List<Path> partitions(Path table) throws IOException {
        if (!Files.isDirectory(table)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(table)) {
            return children.filter(Files::isDirectory)
                    .filter(p -> p.getFileName().toString().startsWith(PARTITION_COLUMN + "="))
                    .sorted()
                    .toList();
        }
    }

    private static List<Path> rootParquetFiles(Path table) throws IOException {
        if (!Files.isDirectory(table)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(table)) {
            return children.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".parquet"))
                    .sorted()
                    .toList();
        }
    }

    /** A hard link per file (a copy where the file system has none), directories recreated. */
    private static void link(Path from, Path to) throws IOException {
        if (Files.isRegularFile(from)) {
            try {
                Files.createLink(to, from);
            } catch (UnsupportedOperationException | IOException e) {
                Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
            }
            return;
        }
        Files.createDirectories(to);
        try (Stream<Path> children = Files.list(from)) {
            for (Path child : children.toList()) {
                link(child, to.resolve(child.getFileName().toString()));
            }
        }
    }
}
