package io.clientele.warehouse.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * File-system chores around a table's Parquet directory: write beside it, then swap
 * it in, so a reader never meets a half-written table.
 */
public final class ParquetDirectory {

    private ParquetDirectory() {
    }

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
