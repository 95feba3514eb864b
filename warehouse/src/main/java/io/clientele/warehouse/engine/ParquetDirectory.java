package io.clientele.warehouse.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * File-system chores around a table's Parquet directory: write beside it, then swap
 * it in, so a reader never meets a half-written table.
 */
public final class ParquetDirectory {

    private ParquetDirectory() {}

    /** A fresh sibling directory to write into before {@link #replace}. */
    public static Path stagingSibling(Path directory) {
        return directory.resolveSibling("." + directory.getFileName() + ".writing-" + UUID.randomUUID());
    }

    /** Puts {@code fresh} where {@code directory} was; the old content is deleted. */
    public static void replace(Path directory, Path fresh) {
        try {
            Files.createDirectories(directory.getParent());
            Path old = null;
            if (Files.exists(directory)) {
                old = directory.resolveSibling("." + directory.getFileName() + ".old-" + UUID.randomUUID());
                Files.move(directory, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(fresh, directory, StandardCopyOption.ATOMIC_MOVE);
            if (old != null) {
                deleteRecursively(old);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace " + directory, e);
        }
    }

    public static boolean hasParquetFiles(Path path) {
        if (Files.isRegularFile(path)) {
            return true;
        }
        if (!Files.isDirectory(path)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(path)) {
            return files.anyMatch(p -> p.getFileName().toString().endsWith(".parquet"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + path, e);
        }
    }

    /**
     * The hive partition keys of a table directory: the {@code key} of its {@code key=value}
     * subdirectories. The lake's partition keys are derived from the table's own columns
     * (a fact's month), so readers leave them out and a table reads the same partitioned or not.
     */
    public static List<String> hivePartitionKeys(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(directory)) {
            return children.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".") && n.indexOf('=') > 0)
                    .map(n -> n.substring(0, n.indexOf('=')))
                    .distinct()
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }

    /**
     * DuckDB's relation over a table directory: one multi-file scan. A hive-partitioned table
     * is read without its partition keys, so it reads the same partitioned or not.
     * DuckDbMultiFileScanTest holds this scan to the per-file one (DuckDB 1.4.3 once computed a
     * GROUP BY over a parallel multi-file scan wrongly; docs/lake.md).
     */
    public static String duckDbScan(Path directory) {
        return duckDbScan(directory, false);
    }

    /**
     * The same scan with the partition keys read back from the paths as text columns (a fact's
     * {@code month = 'YYYY-MM'}): what the published views show, for analysts to filter on.
     */
    public static String duckDbScanWithPartitionKeys(Path directory) {
        return duckDbScan(directory, true);
    }

    private static String duckDbScan(Path directory, boolean partitionKeys) {
        List<String> keys = hivePartitionKeys(directory);
        // DuckDB takes month=... from even one file's path as a column unless told either way
        String hive = keys.isEmpty() || !partitionKeys
                ? ", hive_partitioning = false"
                : ", hive_partitioning = true, hive_types = {"
                        + keys.stream()
                                .map(k -> "'" + k.replace("'", "''") + "': VARCHAR")
                                .collect(java.util.stream.Collectors.joining(", "))
                        + "}";
        return "read_parquet(" + literal(directory.resolve("**").resolve("*.parquet")) + hive
                + ", union_by_name = true)";
    }

    public static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try {
            Files.walkFileTree(path, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path, e);
        }
    }

    /** A SQL string literal of a path, quotes doubled. */
    public static String literal(Path path) {
        return "'" + path.toAbsolutePath().toString().replace("'", "''") + "'";
    }
}
